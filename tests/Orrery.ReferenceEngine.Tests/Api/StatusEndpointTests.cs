using System.Net;
using Orrery.ReferenceEngine.Api;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Api;

public sealed class StatusEndpointTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_BeforeInit_Returns501NotInitialised()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.StatusAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.NotImplemented);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.NotInitialised);
    }

    [Fact]
    public async Task Status_AfterInit_ReturnsSameStateAsInit()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        using var init = await client.InitAsync(TestGames.Id(1), "Zorg", "Vel");
        var expected = await init.ReadStateAsync();

        using var response = await client.StatusAsync();
        var state = await response.ReadStateAsync();

        state.GameId.ShouldBe(expected.GameId);
        state.Turn.ShouldBe(0);
        state.Players.ShouldBe(expected.Players);
    }
}
