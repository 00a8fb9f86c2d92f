using System.Net;
using Orrery.ReferenceEngine.Api;
using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Api;

public sealed class InitEndpointTests : IDisposable
{
    private const string GameId = "6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Init_NewGame_ReturnsTurnZeroStateWithEveryPlayer()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.InitAsync(TestGames.Id(1), "Zorg", "Vel", "Krell");
        var state = await response.ReadStateAsync();

        state.GameId.ShouldBe(TestGames.Id(1));
        state.Turn.ShouldBe(0);
        state.Finished.ShouldBeFalse();
        state.Players.Select(p => p.RaceName).ShouldBe(["Zorg", "Vel", "Krell"]);
        state.Players.ShouldAllBe(p => p.Planets == 1 && p.Population == GameRules.StartPopulation);
        state.Players.Select(p => p.Id).ShouldBe(new[] { "Zorg", "Vel", "Krell" }.Select(r => PlayerIds.Derive(TestGames.Id(1), r)));
        File.Exists(Path.Combine(_dir.Path, "state.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task Init_PlayerIdGiven_ReportsThatId()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostRawAsync(EngineHttp.InitPath,
            $$"""{"gameId":"{{GameId}}","races":[{"raceName":"Zorg","playerId":"11111111-2222-3333-4444-555555555555"}]}""");
        var state = await response.ReadStateAsync();

        state.Players.Single().Id.ShouldBe(Guid.Parse("11111111-2222-3333-4444-555555555555"));
    }

    [Fact]
    public async Task Init_OtherGameId_Returns409Conflict()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg")).Dispose();

        using var response = await client.InitAsync(TestGames.Id(2), "Zorg");

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Init_SameGameIdAgain_ReturnsCurrentStateUnchanged()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();
        (await client.InitAsync(TestGames.Id(1), "Zorg", "Vel")).Dispose();
        using var turn = await client.TurnAsync();
        var afterTurn = await turn.ReadStateAsync();

        using var response = await client.InitAsync(TestGames.Id(1), "Zorg", "Vel");
        var state = await response.ReadStateAsync();

        state.Turn.ShouldBe(1);
        state.Players.ShouldBe(afterTurn.Players);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{"races":[{"raceName":"Zorg"}]}""")]
    [InlineData("""{"gameId":"not-a-uuid","races":[{"raceName":"Zorg"}]}""")]
    [InlineData("""{"gameId":"00000000-0000-0000-0000-000000000000","races":[{"raceName":"Zorg"}]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10"}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[{"raceName":""}]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[{"raceName":"   "}]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[{"raceName":"Zorg"},{"raceName":"Zorg"}]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[null]}""")]
    [InlineData("""{"gameId":"6f1c2f9e-3c1a-4c55-9a43-2b8c0d6e7f10","races":[{"raceName":"A","playerId":"11111111-2222-3333-4444-555555555555"},{"raceName":"B","playerId":"11111111-2222-3333-4444-555555555555"}]}""")]
    public async Task Init_BadInput_Returns400InvalidInput(string body)
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostRawAsync(EngineHttp.InitPath, body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.InvalidInput);
        File.Exists(Path.Combine(_dir.Path, "state.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task Init_RaceNameLongerThan64_Returns400InvalidInput()
    {
        await using var factory = new EngineFactory(_dir.Path);
        using var client = factory.CreateClient();

        using var response = await client.InitAsync(TestGames.Id(1), new string('x', 65));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadProblemCodeAsync()).ShouldBe(ErrorCodes.InvalidInput);
    }
}
