using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

/// <summary>Pause, resume, force-next-turn, restart, patch and delete through the API (SPEC §4, §11).</summary>
public sealed class OperationsTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<GameResponse> GetGameAsync(Guid gameId) =>
        (await Client.GetFromJsonAsync<GameResponse>($"games/{gameId}", NodeHarness.Json, Ct))!;

    private async Task<Guid> StartedGameAsync()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        (await NodeHarness.RunOperationAsync(Client, gameId, "start")).Status.ShouldBe("succeeded");
        return gameId;
    }

    private async Task<OperationResponse> PostImmediateAsync(Guid gameId, string op)
    {
        var response = await Client.PostAsync($"games/{gameId}/{op}", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, Ct))!;
    }

    private async Task<OperationResponse> PatchAsync(Guid gameId, string version)
    {
        var response = await Client.PostAsJsonAsync($"games/{gameId}/patch", new { version }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Ct));
        var accepted = await response.Content.ReadFromJsonAsync<OperationResponse>(NodeHarness.Json, Ct);
        return await NodeHarness.WaitForOperationAsync(Client, accepted!.OperationId);
    }

    private async Task RegisterVersionAsync(string version, bool deprecated = false) =>
        (await Client.PutAsJsonAsync($"engine-versions/{version}", new { imageRef = "builtin:reference-engine", deprecated }, Ct)).EnsureSuccessStatusCode();

    /// <summary>Forces a turn and waits for the node's scheduler to play it.</summary>
    private async Task PlayTurnAsync(Guid gameId)
    {
        var before = (await GetGameAsync(gameId)).Runtime!.CurrentTurn;
        await PostImmediateAsync(gameId, "force-next-turn");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while ((await GetGameAsync(gameId)).Runtime!.CurrentTurn == before)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    [Fact]
    public async Task Pause_and_resume_answer_200_and_are_logged_as_running_then_succeeded()
    {
        var gameId = await StartedGameAsync();

        var pause = await PostImmediateAsync(gameId, "pause");
        pause.ShouldSatisfyAllConditions(
            () => pause.Op.ShouldBe("pause"),
            () => pause.Status.ShouldBe("succeeded"),
            () => pause.StartedAt.ShouldNotBeNull(),
            () => pause.FinishedAt.ShouldNotBeNull());
        var paused = (await GetGameAsync(gameId)).Runtime!;
        paused.Paused.ShouldBeTrue();
        paused.PausedAt.ShouldNotBeNull();

        (await PostImmediateAsync(gameId, "resume")).Status.ShouldBe("succeeded");
        var resumed = (await GetGameAsync(gameId)).Runtime!;
        resumed.Paused.ShouldBeFalse();
        resumed.PausedAt.ShouldBeNull();

        var log = await Client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, Ct);
        log!.Items.Select(o => o.Op).ShouldBe(["resume", "pause", "start"]);
    }

    [Fact]
    public async Task Pause_of_a_stopped_or_never_started_game_is_an_invalid_transition()
    {
        var neverStarted = await NodeHarness.RegisterGameAsync(Client);
        await (await Client.PostAsync($"games/{neverStarted}/pause", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        var stopped = await StartedGameAsync();
        await NodeHarness.RunOperationAsync(Client, stopped, "stop");
        await (await Client.PostAsync($"games/{stopped}/pause", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await (await Client.PostAsync($"games/{stopped}/force-next-turn", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        await (await Client.PostAsync($"games/{Guid.NewGuid()}/pause", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Force_next_turn_plays_a_turn_at_once()
    {
        var gameId = await StartedGameAsync();
        await PlayTurnAsync(gameId);

        var runtime = (await GetGameAsync(gameId)).Runtime!;
        runtime.CurrentTurn.ShouldBe(1);
        runtime.SkipNextTick.ShouldBeFalse();
        runtime.Status.ShouldBe("running");
    }

    [Fact]
    public async Task Restart_replaces_the_engine_and_keeps_the_turn_and_the_players()
    {
        var gameId = await StartedGameAsync();
        await PlayTurnAsync(gameId);
        var before = await GetGameAsync(gameId);
        var userId = before.Memberships[0].UserId;
        var mappingBefore = await Client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{userId}", NodeHarness.Json, Ct);

        var restart = await NodeHarness.RunOperationAsync(Client, gameId, "restart");

        restart.Status.ShouldBe("succeeded", restart.ErrorMessage);
        var after = (await GetGameAsync(gameId)).Runtime!;
        after.Status.ShouldBe("running");
        after.CurrentTurn.ShouldBe(1);
        after.EngineId.ShouldNotBe(before.Runtime!.EngineId);
        Node.Engines.Running.ShouldHaveSingleItem().Id.ShouldBe(after.EngineId);
        (await Client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{userId}", NodeHarness.Json, Ct))!
            .EnginePlayerId.ShouldBe(mappingBefore!.EnginePlayerId);
    }

    [Fact]
    public async Task Patch_moves_to_the_new_version_without_init_keeping_turn_and_mappings()
    {
        await RegisterVersionAsync("1.0.1");
        var gameId = await StartedGameAsync();
        await PlayTurnAsync(gameId);
        var userId = (await GetGameAsync(gameId)).Memberships[0].UserId;
        var mappingBefore = await Client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{userId}", NodeHarness.Json, Ct);

        var patch = await PatchAsync(gameId, "1.0.1");

        patch.Status.ShouldBe("succeeded", patch.ErrorMessage);
        patch.TargetVersion.ShouldBe("1.0.1");
        var runtime = (await GetGameAsync(gameId)).Runtime!;
        runtime.EngineVersion.ShouldBe("1.0.1");
        runtime.CurrentTurn.ShouldBe(1);
        runtime.Status.ShouldBe("running");
        var engine = Node.Engines.Running.ShouldHaveSingleItem();
        engine.Spec.EngineVersion.ShouldBe("1.0.1");
        engine.Init.ShouldBeNull("a patched engine resumes from its state directory");
        (await Client.GetFromJsonAsync<PlayerMappingResponse>($"games/{gameId}/players/{userId}", NodeHarness.Json, Ct))!
            .EnginePlayerId.ShouldBe(mappingBefore!.EnginePlayerId);
    }

    [Theory]
    [InlineData("1.0", HttpStatusCode.BadRequest, "invalid_input")]
    [InlineData("1.0.9", HttpStatusCode.BadRequest, "invalid_input")] // not registered
    [InlineData("1.0.2", HttpStatusCode.BadRequest, "invalid_input")] // deprecated
    [InlineData("1.1.0", HttpStatusCode.Conflict, "semver_patch_only")]
    [InlineData("2.0.0", HttpStatusCode.Conflict, "semver_patch_only")]
    public async Task Patch_refuses_bad_targets(string version, HttpStatusCode status, string code)
    {
        await RegisterVersionAsync("1.0.2", deprecated: true);
        await RegisterVersionAsync("1.1.0");
        await RegisterVersionAsync("2.0.0");
        var gameId = await StartedGameAsync();

        await (await Client.PostAsJsonAsync($"games/{gameId}/patch", new { version }, Ct)).ShouldBeProblemAsync(status, code);
        (await GetGameAsync(gameId)).Runtime!.EngineVersion.ShouldBe("1.0.0");
    }

    [Fact]
    public async Task Patch_and_restart_need_a_game_in_play()
    {
        await RegisterVersionAsync("1.0.1");
        var neverStarted = await NodeHarness.RegisterGameAsync(Client);
        await (await Client.PostAsJsonAsync($"games/{neverStarted}/patch", new { version = "1.0.1" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");
        await (await Client.PostAsync($"games/{neverStarted}/restart", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        var stopped = await StartedGameAsync();
        await NodeHarness.RunOperationAsync(Client, stopped, "stop");
        await (await Client.PostAsync($"games/{stopped}/restart", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        await (await Client.PostAsJsonAsync($"games/{stopped}/patch", new { }, Ct)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Delete_stops_the_engine_removes_the_game_and_keeps_its_operation_log()
    {
        var gameId = await StartedGameAsync();
        var stateDirectory = Node.Engines.Running.Single().Spec.StateDirectory;
        var start = (await Client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, Ct))!.Items.Single();

        var deleted = await Client.DeleteAsync($"games/{gameId}", Ct);

        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Node.Engines.Engines.ShouldBeEmpty();
        Directory.Exists(stateDirectory).ShouldBeFalse();
        await (await Client.GetAsync($"games/{gameId}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        (await Client.GetFromJsonAsync<OperationResponse>($"operations/{start.OperationId}", NodeHarness.Json, Ct))!.Op.ShouldBe("start");
        var log = await Client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, Ct);
        log!.Items.Select(o => o.Op).ShouldBe(["stop", "start"]);

        await (await Client.DeleteAsync($"games/{gameId}", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_failed_operation_is_published_as_a_runtime_job_result()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        Node.Engines.RunFailure = new Errors.OrreryException("image_unavailable", "no such image");

        (await NodeHarness.RunOperationAsync(Client, gameId, "start")).ErrorCode.ShouldBe("image_unavailable");

        var read = await Client.GetFromJsonAsync<StreamReadResponse>("streams/gm:lobby_events/entries", NodeHarness.Json, Ct);
        var result = read!.Entries.Single(e => e.Fields["event_type"] == "runtime_job_result").Fields;
        result["game_id"].ShouldBe(gameId.ToString());
        result["op"].ShouldBe("start");
        result["status"].ShouldBe("failed");
        result["error_code"].ShouldBe("image_unavailable");
        result["message"].ShouldBe("no such image");
    }
}
