using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Http;

namespace Orrery.Engines.Tests.Http;

public sealed class HttpEngineClientTests
{
    private static readonly Guid GameId = Guid.Parse("7d3f6c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitAsync_EngineAnswersState_SendsCamelCaseRacesAndParsesTheState()
    {
        string? received = null;
        await using var engine = await StubEngine.StartAsync(async context =>
        {
            received = $"{context.Request.Method} {context.Request.Path} {await new StreamReader(context.Request.Body).ReadToEndAsync()}";
            await WriteStateAsync(context, turn: 0);
        }, Ct);
        using var client = Create();
        var playerId = Guid.NewGuid();

        var state = await client.InitAsync(engine.Endpoint, new EngineInitRequest(GameId, [new EngineInitRace("Vegans", playerId)]), Ct);

        received.ShouldBe($$"""POST /api/v1/admin/init {"gameId":"{{GameId}}","races":[{"raceName":"Vegans","playerId":"{{playerId}}"}]}""");
        state.GameId.ShouldBe(GameId);
        state.Turn.ShouldBe(0);
        state.Players.ShouldHaveSingleItem().ShouldBe(new EnginePlayer(PlayerId, "Vegans", 3, 1500));
    }

    [Fact]
    public async Task GenerateTurnAsync_EngineAnswersState_PutsTheTurn()
    {
        string? received = null;
        await using var engine = await StubEngine.StartAsync(context =>
        {
            received = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            return WriteStateAsync(context, turn: 8);
        }, Ct);
        using var client = Create();

        var state = await client.GenerateTurnAsync(engine.Endpoint, GameId, expectedTurn: 7, Ct);

        received.ShouldBe($"PUT /api/v1/admin/turn?expectedTurn=7&gameId={GameId}");
        state.Turn.ShouldBe(8);
    }

    [Fact]
    public async Task GenerateTurnAsync_TurnMismatchProblem_ThrowsEngineTurnMismatchWithTheEnginesActualTurn()
    {
        await using var engine = await StubEngine.StartAsync(context =>
            Results.Problem(detail: "The game is at turn 8, not at the expected turn 7.", statusCode: 409,
                extensions: new Dictionary<string, object?> { ["code"] = "turn_mismatch", ["actualTurn"] = 8 }).ExecuteAsync(context), Ct);
        using var client = Create();

        var error = await Should.ThrowAsync<EngineTurnMismatchException>(() => client.GenerateTurnAsync(engine.Endpoint, GameId, expectedTurn: 7, Ct));

        error.ExpectedTurn.ShouldBe(7);
        error.ActualTurn.ShouldBe(8);
        error.StatusCode.ShouldBe(409);
        error.Message.ShouldContain("turn_mismatch");
        error.Message.ShouldContain("The game is at turn 8");
    }

    [Theory]
    [InlineData("game_finished", 8)] // another conflict: a plain failure
    [InlineData("turn_mismatch", null)] // a mismatch that does not say where the engine is cannot be acted on
    public async Task GenerateTurnAsync_OtherConflict_ThrowsAPlainEngineCallException(string code, int? actualTurn)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (actualTurn is { } turn)
        {
            extensions["actualTurn"] = turn;
        }
        await using var engine = await StubEngine.StartAsync(context =>
            Results.Problem(detail: "No.", statusCode: 409, extensions: extensions).ExecuteAsync(context), Ct);
        using var client = Create();

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GenerateTurnAsync(engine.Endpoint, GameId, expectedTurn: 7, Ct));

        error.ShouldNotBeOfType<EngineTurnMismatchException>();
        error.StatusCode.ShouldBe(409);
        error.Message.ShouldContain(code);
    }

    [Fact]
    public async Task GetStatusAsync_NotInitialised501Problem_ThrowsWithTheStatusCodeAndTheProblemsCode()
    {
        await using var engine = await StubEngine.StartAsync(context =>
            Results.Problem(detail: "The game is not initialised.", statusCode: 501,
                extensions: new Dictionary<string, object?> { ["code"] = "not_initialised" }).ExecuteAsync(context), Ct);
        using var client = Create();

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GetStatusAsync(engine.Endpoint, Ct));

        error.StatusCode.ShouldBe(501);
        error.Message.ShouldContain("not_initialised");
        error.Message.ShouldContain("The game is not initialised.");
    }

    [Fact]
    public async Task GetStatusAsync_PlainTextError_ThrowsWithTheStatusAndTheBodysStart()
    {
        await using var engine = await StubEngine.StartAsync(async context =>
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("boom " + new string('x', 5000));
        }, Ct);
        using var client = Create();

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GetStatusAsync(engine.Endpoint, Ct));

        error.StatusCode.ShouldBe(500);
        error.Message.ShouldContain("boom");
        error.Message.Length.ShouldBeLessThan(1000);
    }

    [Theory]
    [InlineData("""{"gameId":"7d3f6c1e-2a4b-4c5d-8e9f-0a1b2c3d4e5f","turn":1,"finished":false}""")]
    [InlineData("""{"turn":"many"}""")]
    [InlineData("""not json""")]
    public async Task GetStatusAsync_MalformedState_ThrowsEngineCallException(string body)
    {
        await using var engine = await StubEngine.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(body);
        }, Ct);
        using var client = Create();

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GetStatusAsync(engine.Endpoint, Ct));

        error.StatusCode.ShouldBe(200);
    }

    [Fact]
    public async Task GetStatusAsync_EngineHangs_ThrowsEngineCallExceptionAfterTheRequestTimeout()
    {
        await using var engine = await StubEngine.HangingAsync(Ct);
        using var client = Create(o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GetStatusAsync(engine.Endpoint, Ct));

        error.Message.ShouldContain("timed out");
        error.StatusCode.ShouldBeNull();
    }

    [Fact]
    public async Task GenerateTurnAsync_EngineHangs_TimesOutOnTheTurnTimeoutNotTheRequestTimeout()
    {
        await using var engine = await StubEngine.HangingAsync(Ct);
        using var client = Create(o =>
        {
            o.RequestTimeout = TimeSpan.FromMinutes(5);
            o.TurnTimeout = TimeSpan.FromMilliseconds(200);
        });

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GenerateTurnAsync(engine.Endpoint, GameId, expectedTurn: 7, Ct));

        error.Message.ShouldContain("timed out after 0.2 s");
    }

    [Fact]
    public async Task GetStatusAsync_CallerCancels_ThrowsOperationCanceledWithTheCallersToken()
    {
        await using var engine = await StubEngine.HangingAsync(Ct);
        using var client = Create();
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        caller.CancelAfter(TimeSpan.FromMilliseconds(100));

        var error = await Should.ThrowAsync<OperationCanceledException>(() => client.GetStatusAsync(engine.Endpoint, caller.Token));

        error.ShouldNotBeOfType<EngineCallException>();
        error.CancellationToken.ShouldBe(caller.Token);
    }

    [Fact]
    public async Task GetStatusAsync_NothingListening_ThrowsEngineCallExceptionWithoutStatus()
    {
        using var client = Create();

        var error = await Should.ThrowAsync<EngineCallException>(() => client.GetStatusAsync(ClosedPortEndpoint(), Ct));

        error.StatusCode.ShouldBeNull();
    }

    [Fact]
    public async Task IsHealthyAsync_EngineAnswers200_True()
    {
        await using var engine = await StubEngine.StartAsync(context => context.Response.WriteAsync("ok"), Ct);
        using var client = Create();

        (await client.IsHealthyAsync(engine.Endpoint, Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task IsHealthyAsync_EngineAnswers503_False()
    {
        await using var engine = await StubEngine.StartAsync(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, Ct);
        using var client = Create();

        (await client.IsHealthyAsync(engine.Endpoint, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task IsHealthyAsync_ClosedPort_False()
    {
        using var client = Create();

        (await client.IsHealthyAsync(ClosedPortEndpoint(), Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task IsHealthyAsync_ProbeDeadlineFires_FalseRatherThanThrowing()
    {
        await using var engine = await StubEngine.HangingAsync(Ct);
        using var client = Create();
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        probe.CancelAfter(TimeSpan.FromMilliseconds(100));

        (await client.IsHealthyAsync(engine.Endpoint, probe.Token)).ShouldBeFalse();
    }

    private static readonly Guid PlayerId = Guid.Parse("0b9f5a3c-1d2e-4f60-9a7b-8c9d0e1f2a3b");

    private static HttpEngineClient Create(Action<EngineClientOptions>? configure = null)
    {
        var options = new EngineClientOptions();
        configure?.Invoke(options);
        return new HttpEngineClient(Options.Create(options), NullLogger<HttpEngineClient>.Instance);
    }

    private static Task WriteStateAsync(HttpContext context, int turn)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            gameId = GameId,
            turn,
            finished = false,
            players = new[] { new { id = PlayerId, raceName = "Vegans", planets = 3, population = 1500 } },
        }));
    }

    /// <summary>A loopback port nothing listens on (free a moment ago).</summary>
    private static Uri ClosedPortEndpoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new Uri($"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}/");
    }
}
