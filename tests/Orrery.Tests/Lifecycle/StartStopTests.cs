using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

public sealed class StartStopTests : IAsyncLifetime
{
    private NodeHarness _node = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _node = await NodeHarness.StartAsync();
        _client = _node.CreateClient();
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();

    private Task<GameResponse?> GetGameAsync(Guid gameId) =>
        _client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Start_RegisteredGame_RunningWithMappingsAndInitialisedRaces()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client, "Andorians", "Cygnans");

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
        operation.EngineId.ShouldNotBeNull();
        var game = await GetGameAsync(gameId);
        game!.Runtime!.Status.ShouldBe("running");
        game.Runtime.EngineHealth.ShouldBe("healthy");
        game.Runtime.EngineVersion.ShouldBe("1.0.0");

        var engine = _node.Engines.Running.Single();
        engine.Spec.StateDirectory.ShouldBe(Path.Combine(_node.DataDirectory, "games", gameId.ToString()));
        Directory.Exists(engine.Spec.StateDirectory).ShouldBeTrue();
        foreach (var member in game.Memberships)
        {
            var mapping = await _client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{member.UserId}", NodeHarness.Json, TestContext.Current.CancellationToken);
            // The engine was initialised with the same player id the mapping records.
            engine.Init!.Races.ShouldContain(r => r.RaceName == member.RaceName && r.PlayerId == mapping!.EnginePlayerId);
        }

        var endpoint = await _client.GetFromJsonAsync<EndpointResponse>($"games/{gameId}/endpoint", NodeHarness.Json, TestContext.Current.CancellationToken);
        endpoint!.Endpoint.ShouldBe(engine.Endpoint.ToString());
        var snapshots = await _client.GetFromJsonAsync<PageResponse<SnapshotResponse>>($"games/{gameId}/snapshots", NodeHarness.Json, TestContext.Current.CancellationToken);
        snapshots!.Total.ShouldBe(1);
    }

    [Fact]
    public async Task Stop_RunningGame_StoppedEngineRemovedMappingsDeleted()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        await NodeHarness.RunOperationAsync(_client, gameId, "start");
        var userId = (await GetGameAsync(gameId))!.Memberships[0].UserId;

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "stop");

        operation.Status.ShouldBe("succeeded", operation.ErrorMessage);
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("stopped");
        _node.Engines.Engines.ShouldBeEmpty();
        await (await _client.GetAsync($"games/{gameId}/players/{userId}", TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Start_AfterStop_RunsAgainWithNewPlayerIds()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        await NodeHarness.RunOperationAsync(_client, gameId, "start");
        var firstIds = _node.Engines.Running.Single().Init!.Races.Select(r => r.PlayerId).ToList();
        await NodeHarness.RunOperationAsync(_client, gameId, "stop");

        var restarted = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        restarted.Status.ShouldBe("succeeded", restarted.ErrorMessage);
        _node.Engines.Running.Single().Init!.Races.Select(r => r.PlayerId).ShouldNotContain(id => firstIds.Contains(id));
    }

    [Fact]
    public async Task Start_GameAlreadyRunning_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        await NodeHarness.RunOperationAsync(_client, gameId, "start");

        var response = await _client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Start_StartAlreadyQueued_Conflict()
    {
        _node.Engines.NeverHealthy = true; // keeps the first start busy
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        (await _client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var second = await _client.PostAsync($"games/{gameId}/start", null, TestContext.Current.CancellationToken);

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Stop_NeverStarted_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var response = await _client.PostAsync($"games/{gameId}/stop", null, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Stop_AlreadyStopped_InvalidTransition()
    {
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        await NodeHarness.RunOperationAsync(_client, gameId, "start");
        await NodeHarness.RunOperationAsync(_client, gameId, "stop");

        await (await _client.PostAsync($"games/{gameId}/stop", null, TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Start_UnknownGame_NotFound() =>
        await (await _client.PostAsync($"games/{Guid.NewGuid()}/start", null, TestContext.Current.CancellationToken))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

    [Fact]
    public async Task StartThenStop_QueuedBackToBack_RunInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var start = await (await _client.PostAsync($"games/{gameId}/start", null, ct)).Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct);
        var stop = await (await _client.PostAsync($"games/{gameId}/stop", null, ct)).Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct);

        (await NodeHarness.WaitForOperationAsync(_client, start!.OperationId)).Status.ShouldBe("succeeded");
        var stopped = await NodeHarness.WaitForOperationAsync(_client, stop!.OperationId);
        stopped.Status.ShouldBe("succeeded", stopped.ErrorMessage);
        stopped.StartedAt.ShouldNotBeNull();
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("stopped");
    }

    [Fact]
    public async Task Start_SameIdempotencyKey_ReturnsFirstOperationOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        async Task<OperationResponse> StartWithKey()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/start");
            request.Headers.Add("Idempotency-Key", "lobby-retry-42");
            var response = await _client.SendAsync(request, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            return (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, ct))!;
        }

        var first = await StartWithKey();
        await NodeHarness.WaitForOperationAsync(_client, first.OperationId);
        var retry = await StartWithKey(); // after success the game is running, yet the retry still answers

        retry.OperationId.ShouldBe(first.OperationId);
        var log = await _client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, ct);
        log!.Total.ShouldBe(1);
    }

    [Fact]
    public async Task Start_IdempotencyKeyOfAnotherGame_Conflict()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await NodeHarness.RegisterGameAsync(_client);
        var second = await NodeHarness.RegisterGameAsync(_client);
        async Task<HttpResponseMessage> Start(Guid gameId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/start");
            request.Headers.Add("Idempotency-Key", "shared-key");
            return await _client.SendAsync(request, ct);
        }

        (await Start(first)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await (await Start(second)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.Conflict);
    }

    [Fact]
    public async Task Start_EngineNeverHealthy_FailedEngineUnreachable()
    {
        _node.Engines.NeverHealthy = true;
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        operation.Status.ShouldBe("failed");
        operation.ErrorCode.ShouldBe(ErrorCodes.EngineUnreachable);
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("engine_unreachable");
    }

    [Fact]
    public async Task Start_EngineExitsAtOnce_FailedEngineStartFailed()
    {
        _node.Engines.ExitOnStart = 3;
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.EngineStartFailed);
        operation.ErrorMessage!.ShouldContain("exit code 3");
    }

    [Fact]
    public async Task Start_ImageMissing_FailedImageUnavailable()
    {
        _node.Engines.RunFailure = new OrreryException(ErrorCodes.ImageUnavailable, "no such image");
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.ImageUnavailable);
        (await GetGameAsync(gameId))!.Runtime.ShouldBeNull();
    }

    [Fact]
    public async Task Start_InitRefused_FailedAndRuntimeUnreachable()
    {
        _node.Engines.InitFailureStatus = 409;
        var gameId = await NodeHarness.RegisterGameAsync(_client);

        var operation = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        operation.ErrorCode.ShouldBe(ErrorCodes.EngineUnreachable);
        (await GetGameAsync(gameId))!.Runtime!.Status.ShouldBe("engine_unreachable");
    }

    [Fact]
    public async Task Start_AfterFailedStart_Allowed()
    {
        _node.Engines.NeverHealthy = true;
        var gameId = await NodeHarness.RegisterGameAsync(_client);
        await NodeHarness.RunOperationAsync(_client, gameId, "start");
        _node.Engines.NeverHealthy = false;

        var retried = await NodeHarness.RunOperationAsync(_client, gameId, "start");

        retried.Status.ShouldBe("succeeded", retried.ErrorMessage);
        _node.Engines.Engines.Count.ShouldBe(1, "the failed attempt's engine was removed before the new one started");
    }
}
