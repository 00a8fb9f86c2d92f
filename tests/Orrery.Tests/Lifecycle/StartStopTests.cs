using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

public sealed class StartStopTests : NodeTest
{
    private Task<GameResponse?> GetGameAsync(Guid gameId) =>
        Client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Start_RegisteredGame_RunningWithMappingsAndInitialisedRaces()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client, "Andorians", "Cygnans");

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
        operation.EngineId.ShouldNotBeNull();
        var game = await GetGameAsync(gameId);
        game!.Runtime!.Status.ShouldBe("running");
        game.Runtime.EngineHealth.ShouldBe("healthy");
        game.Runtime.EngineVersion.ShouldBe("1.0.0");

        var engine = Node.Engines.Running.Single();
        engine.Spec.StateDirectory.ShouldBe(Path.Combine(Node.DataDirectory, "games", gameId.ToString()));
        Directory.Exists(engine.Spec.StateDirectory).ShouldBeTrue();
        foreach (var member in game.Memberships)
        {
            var mapping = await Client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{member.UserId}", NodeHarness.Json, TestContext.Current.CancellationToken);
            // The engine was initialised with the same player id the mapping records.
            engine.Init!.Races.ShouldContain(r => r.RaceName == member.RaceName && r.PlayerId == mapping!.EnginePlayerId);
        }

        var endpoint = await Client.GetFromJsonAsync<EndpointResponse>($"games/{gameId}/endpoint", NodeHarness.Json, TestContext.Current.CancellationToken);
        endpoint!.Endpoint.ShouldBe(engine.Endpoint.ToString());
        var snapshots = await Client.GetFromJsonAsync<PageResponse<SnapshotResponse>>($"games/{gameId}/snapshots", NodeHarness.Json, TestContext.Current.CancellationToken);
        snapshots!.Total.ShouldBe(1);
    }

    /// <summary>SPEC §2: the record names the engine's network, as its host reported it, and the API returns it.</summary>
    [Theory]
    [InlineData("host")]
    [InlineData("orrery-engines")]
    public async Task Start_RecordsTheNetworkTheHostReports_AndTheApiReturnsIt(string network)
    {
        Node.Engines.EngineNetwork = network;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        await NodeHarness.RunOperationAsync(Client, gameId, "start");

        var game = await Client.GetFromJsonAsync<JsonElement>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);
        game.GetProperty("runtime").GetProperty("network").GetString().ShouldBe(network);
    }

    [Fact]
    public async Task Stop_RunningGame_StoppedEngineRemovedMappingsDeleted()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");
        var userId = (await GetGameAsync(gameId))!.Memberships[0].UserId;

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "stop");

        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("stopped");
        Node.Engines.Engines.ShouldBeEmpty();
        await (await Client.GetAsync($"games/{gameId}/players/{userId}", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Start_AfterStop_RunsAgainWithNewPlayerIds()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");
        var firstIds = Node.Engines.Running.Single().Init!.Races.Select(r => r.PlayerId).ToList();
        await NodeHarness.RunOperationAsync(Client, gameId, "stop");

        var restarted = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        restarted.Status.ShouldBe("succeeded", restarted.ErrorMessage);
        Node.Engines.Running.Single().Init!.Races.Select(r => r.PlayerId).ShouldNotContain(id => firstIds.Contains(id));
    }

    [Fact]
    public async Task Start_GameAlreadyRunning_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");

        var response = await Client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Start_StartAlreadyQueued_Conflict()
    {
        Node.Engines.NeverHealthy = true; // keeps the first start busy
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        (await Client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var second = await Client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Stop_NeverStarted_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var response = await Client.PostAsync($"games/{gameId}/stop", null, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Stop_AlreadyStopped_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");
        await NodeHarness.RunOperationAsync(Client, gameId, "stop");

        await (await Client.PostAsync($"games/{gameId}/stop", null, TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Start_UnknownGame_NotFound() =>
        await (await Client.PostAsync($"games/{Guid.NewGuid()}/start", null, TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

    [Fact]
    public async Task StartThenStop_QueuedBackToBack_RunInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var start = await (await Client.PostAsync($"games/{gameId}/start", null, ct)).Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct);
        var stop = await (await Client.PostAsync($"games/{gameId}/stop", null, ct)).Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct);

        (await NodeHarness.WaitForOperationAsync(Client, start!.OperationId)).Status.ShouldBe("succeeded");
        var stopped = await NodeHarness.WaitForOperationAsync(Client, stop!.OperationId);
        stopped.Status.ShouldBe("succeeded", stopped.ErrorMessage);
        stopped.StartedAt.ShouldNotBeNull();
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("stopped");
    }

    [Fact]
    public async Task Start_SameIdempotencyKey_ReturnsFirstOperationOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        async Task<OperationResponse> StartWithKey()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/start");
            request.Headers.Add("Idempotency-Key", "lobby-retry-42");
            var response = await Client.SendAsync(request, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct))!;
        }

        var first = await StartWithKey();
        await NodeHarness.WaitForOperationAsync(Client, first.OperationId);
        var retry = await StartWithKey(); // after success the game is running, yet the retry still answers

        retry.OperationId.ShouldBe(first.OperationId);
        var log = await Client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, ct);
        log!.Total.ShouldBe(1);
    }

    [Fact]
    public async Task Start_IdempotencyKeyOfAnotherGame_Conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await NodeHarness.RegisterGameAsync(Client);
        var second = await NodeHarness.RegisterGameAsync(Client);
        async Task<HttpResponseMessage> Start(Guid gameId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/start");
            request.Headers.Add("Idempotency-Key", "shared-key");
            return await Client.SendAsync(request, ct);
        }

        (await Start(first)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Start(second)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Start_EngineNeverHealthy_FailedEngineUnreachable()
    {
        Node.Engines.NeverHealthy = true;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.Status.ShouldBe("failed");
        operation.ErrorCode.ShouldBe(ErrorCodes.EngineUnreachable);
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("engine_unreachable");
    }

    [Fact]
    public async Task Start_EngineExitsAtOnce_FailedEngineStartFailed()
    {
        Node.Engines.ExitOnStart = 3;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.EngineStartFailed);
        operation.ErrorMessage!.ShouldContain("exit code 3");
    }

    [Fact]
    public async Task Start_ImageMissing_FailedImageUnavailable()
    {
        Node.Engines.RunFailure = new OrreryException(ErrorCodes.ImageUnavailable, "no such image");
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.ImageUnavailable);
        (await GetGameAsync(gameId))!.Runtime.ShouldBeNull();
    }

    /// <summary>The engine answered, and refused (SPEC §12: 409 its state directory holds another game, 400 bad input): not unreachable.</summary>
    [Theory]
    [InlineData(409)]
    [InlineData(400)]
    public async Task Start_InitRefused_FailedEngineRejectedInitAndRuntimeUnreachable(int status)
    {
        Node.Engines.InitFailureStatus = status;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.EngineRejectedInit);
        operation.ErrorMessage!.ShouldContain(status.ToString());
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("engine_unreachable");
    }

    [Fact]
    public async Task Start_InitFailsWithAServerError_FailedEngineUnreachable()
    {
        Node.Engines.InitFailureStatus = 500;
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var operation = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.EngineUnreachable);
    }

    [Fact]
    public async Task Start_AfterFailedStart_Allowed()
    {
        Node.Engines.NeverHealthy = true;
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");
        Node.Engines.NeverHealthy = false;

        var retried = await NodeHarness.RunOperationAsync(Client, gameId, "start");

        retried.Status.ShouldBe("succeeded", retried.ErrorMessage);
        Node.Engines.Engines.Count.ShouldBe(1, "the failed attempt's engine was removed before the new one started");
    }
}
