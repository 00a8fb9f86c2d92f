using System.Net;
using Orrery.ReferenceEngine.Api;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Api;

public sealed class TurnEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Turn_BeforeInit_Returns501NotInitialised()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.TurnAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.NotInitialised);
    }

    [Fact]
    public async Task Turn_AfterInit_AdvancesTurnByOne()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var first = await client.TurnAsync();
        using var second = await client.TurnAsync();

        (await first.ReadStateAsync()).Turn.ShouldBe(1);
        (await second.ReadStateAsync()).Turn.ShouldBe(2);
    }

    [Fact]
    public async Task Turn_GameFinished_Returns409GameFinished()
    {
        await using var factory = new EngineFactory(_dir.Path, new Dictionary<string, string> { ["ENGINE_MAX_TURNS"] = "1" });
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();
        using var last = await client.TurnAsync();
        (await last.ReadStateAsync()).Finished.ShouldBeTrue();

        using var response = await client.TurnAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.GameFinished);
    }

    [Fact]
    public async Task Turn_FailTurnReached_Returns500AndLeavesTurnUnchanged()
    {
        await using var factory = new EngineFactory(_dir.Path, new Dictionary<string, string> { ["ENGINE_FAIL_TURN"] = "2" });
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();
        using var first = await client.TurnAsync();
        var before = await first.ReadStateAsync();

        using var response = await client.TurnAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.EngineError);
        using var status = await client.StatusAsync();
        var after = await status.ReadStateAsync();
        after.Turn.ShouldBe(1);
        after.Players.ShouldBe(before.Players);
    }
}
