using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Api;

public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_NewEngineOverSameStateDir_ContinuesFromSavedTurn()
    {
        var before = await PlayTwoTurnsAsync();

        await using var restarted = new EngineFactory(_dir.Path);
        using var client = restarted.CreateClient();
        using var status = await client.StatusAsync();
        var after = await status.ReadStateAsync();

        after.GameId.ShouldBe(before.GameId);
        after.Turn.ShouldBe(2);
        after.Players.ShouldBe(before.Players);
    }

    [Fact]
    public async Task Turn_NewEngineOverSameStateDir_PlaysTheSameGameAsWithoutRestart()
    {
        await PlayTwoTurnsAsync();
        await using var restarted = new EngineFactory(_dir.Path);
        using var client = restarted.CreateClient();
        using var third = await client.TurnAsync();
        var afterRestart = await third.ReadStateAsync();

        using var otherDir = new TempDirectory();
        await using var uninterrupted = new EngineFactory(otherDir.Path);
        using var other = uninterrupted.CreateClient();
        (await other.InitAsync(TestGames.Id(3), "Zorg", "Vel")).Dispose();
        for (var turn = 0; turn < 2; turn++)
        {
            (await other.TurnAsync()).Dispose();
        }

        using var reference = await other.TurnAsync();
        var expected = await reference.ReadStateAsync();

        afterRestart.Turn.ShouldBe(3);
        afterRestart.Players.ShouldBe(expected.Players);
    }

    private async Task<Orrery.ReferenceEngine.Api.StateResponse> PlayTwoTurnsAsync()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(3), "Zorg", "Vel")).Dispose();
        (await client.TurnAsync()).Dispose();
        using var second = await client.TurnAsync();
        return await second.ReadStateAsync();
    }
}
