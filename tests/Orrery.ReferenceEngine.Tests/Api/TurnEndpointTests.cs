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

    [Fact]
    public async Task Turn_ExpectedTurnIsCurrent_GeneratesTheTurn()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var first = await client.TurnAsync("0");
        using var second = await client.TurnAsync("1");

        (await first.ReadStateAsync()).Turn.ShouldBe(1);
        (await second.ReadStateAsync()).Turn.ShouldBe(2);
    }

    [Theory]
    [InlineData("0")] // a zombie or an earlier attempt played this turn already
    [InlineData("5")] // the caller is ahead of the engine (an engine restored from an old state)
    public async Task Turn_ExpectedTurnIsNotCurrent_Returns409TurnMismatchNamingTheActualTurnAndChangesNothing(string expectedTurn)
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();
        using var played = await client.TurnAsync();
        var before = await played.ReadStateAsync();

        using var response = await client.TurnAsync(expectedTurn);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("code").GetString().ShouldBe(ErrorCodes.TurnMismatch);
        problem.GetProperty("actualTurn").GetInt32().ShouldBe(1);
        problem.GetProperty("finished").GetBoolean().ShouldBeFalse();
        using var status = await client.StatusAsync();
        var after = await status.ReadStateAsync();
        after.Turn.ShouldBe(1);
        after.Players.ShouldBe(before.Players);
    }

    [Fact]
    public async Task Turn_ExpectingTheTurnBeforeTheFinishingOne_Returns409TurnMismatchNotGameFinished()
    {
        await using var factory = new EngineFactory(_dir.Path, new Dictionary<string, string> { ["ENGINE_MAX_TURNS"] = "1" });
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();
        (await client.TurnAsync("0")).Dispose();

        using var response = await client.TurnAsync("0");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        problem.GetProperty("code").GetString().ShouldBe(ErrorCodes.TurnMismatch);
        problem.GetProperty("actualTurn").GetInt32().ShouldBe(1);
        problem.GetProperty("finished").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Turn_ForItsOwnGame_GeneratesTheTurn()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var response = await client.TurnAsync("0", TestGames.Id(1).ToString());

        (await response.ReadStateAsync()).Turn.ShouldBe(1);
    }

    [Fact]
    public async Task Turn_ForAnotherGame_Returns409ConflictAndChangesNothing()
    {
        // A caller that reached this engine on a port its own game's engine held before.
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var response = await client.TurnAsync("0", TestGames.Id(2).ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.Conflict);
        using var status = await client.StatusAsync();
        (await status.ReadStateAsync()).Turn.ShouldBe(0);
    }

    [Fact]
    public async Task Turn_GameIdNotAUuid_Returns400InvalidInput()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var response = await client.TurnAsync("0", "game-1");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.InvalidInput);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("one")]
    [InlineData("1.5")]
    [InlineData("")]
    public async Task Turn_ExpectedTurnNotATurnNumber_Returns400InvalidInput(string expectedTurn)
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        using var response = await client.TurnAsync(expectedTurn);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.InvalidInput);
        using var status = await client.StatusAsync();
        (await status.ReadStateAsync()).Turn.ShouldBe(0);
    }

    [Fact]
    public async Task Turn_TwoConcurrentCallsExpectingTheSameTurn_ExactlyOnePlays()
    {
        // The delay keeps the first turn in flight while the second arrives.
        await using var factory = new EngineFactory(_dir.Path, new Dictionary<string, string> { ["ENGINE_TURN_DELAY_MS"] = "100" });
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();

        var responses = await Task.WhenAll(client.TurnAsync("0"), client.TurnAsync("0"));

        responses.Select(r => r.StatusCode).Order().ShouldBe([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        foreach (var response in responses)
        {
            response.Dispose();
        }
        using var status = await client.StatusAsync();
        (await status.ReadStateAsync()).Turn.ShouldBe(1);
    }
}
