using System.Net.Http.Json;
using Orrery.Api;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests;

/// <summary>Turns, patches and restarts with the real binary and real reference-engine processes.</summary>
public sealed class TurnsTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-e2e-").FullName;
    private OrreryProcess _orrery = null!;
    private NodeClient _node = null!;

    public async ValueTask InitializeAsync()
    {
        _orrery = await OrreryProcess.StartAsync(_data);
        _node = new NodeClient(_orrery.Url);
    }

    public async ValueTask DisposeAsync()
    {
        _node.Dispose();
        await _orrery.DisposeAsync();
        EngineManifests.KillAll(_data);
    }

    [Fact]
    public async Task A_game_on_a_one_second_schedule_plays_every_turn_until_it_finishes()
    {
        await _node.RegisterEngineBinaryAsync("3.0.0", "--ENGINE_MAX_TURNS=4");
        var gameId = await _node.RegisterScheduledGameAsync("3.0.0", "* * * * * *", "Andorians", "Cygnans");
        (await _node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", _orrery.Output);

        var finished = await _node.WaitForGameAsync(gameId, r => r.Status == "finished");

        finished.CurrentTurn.ShouldBe(4);
        finished.NextTurnAt.ShouldBeNull();
        var snapshots = await _node.Http.GetFromJsonAsync<PageResponse<SnapshotResponse>>($"games/{gameId}/snapshots?pageSize=100", NodeClient.Json, TestContext.Current.CancellationToken);
        snapshots!.Items.Select(s => s.Turn).ShouldBe([4, 3, 2, 1, 0], "one snapshot per turn: none missed, none doubled");
        var events = await _node.ReadStreamAsync("gm:lobby_events");
        var turns = events.Where(e => e.Fields["event_type"] == "runtime_snapshot_update" && e.Fields["game_id"] == gameId.ToString())
            .Select(e => int.Parse(e.Fields["current_turn"])).ToList();
        turns.ShouldBe(turns.Order().ToList(), "the lobby sees the turns in order (health updates repeat the current turn)");
        turns.Distinct().ShouldBe([0, 1, 2, 3, 4]);
        events.ShouldContain(e => e.Fields["event_type"] == "game_finished" && e.Fields["current_turn"] == "4");

        var (exitCode, output) = await _orrery.RunCliAsync("events", "tail", "gm:lobby_events", "--no-follow");
        exitCode.ShouldBe(0, output);
        output.ShouldContain($"game_finished game_id={gameId}");
    }

    [Fact]
    public async Task Patch_from_1_0_0_to_1_0_1_resumes_the_game_from_its_state()
    {
        await _node.RegisterEngineBinaryAsync("1.0.1");
        var gameId = await _node.RegisterGameAsync("Andorians", "Cygnans");
        (await _node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", _orrery.Output);
        await _node.ForceTurnAsync(gameId);
        await _node.ForceTurnAsync(gameId);
        var before = await EngineStateAsync(gameId);
        var pidBefore = EngineManifests.PidOf(_data, gameId);

        var patch = await _node.RunAsync(gameId, "patch", new { version = "1.0.1" });

        patch.Status.ShouldBe("succeeded", $"{patch.ErrorCode}: {patch.ErrorMessage}\n{_orrery.Output}");
        var runtime = (await _node.GetGameAsync(gameId)).Runtime!;
        runtime.EngineVersion.ShouldBe("1.0.1");
        runtime.CurrentTurn.ShouldBe(2);
        OrreryProcess.IsAlive(pidBefore).ShouldBeFalse();
        EngineManifests.PidOf(_data, gameId).ShouldNotBe(pidBefore);
        (await EngineStateAsync(gameId)).ShouldBe(before, "the patched engine carries on from the same state");

        await _node.ForceTurnAsync(gameId);
        (await _node.GetGameAsync(gameId)).Runtime!.CurrentTurn.ShouldBe(3);
    }

    [Fact]
    public async Task Restart_keeps_the_turn_and_the_state()
    {
        var gameId = await _node.RegisterGameAsync("Andorians", "Cygnans", "Denebians");
        (await _node.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", _orrery.Output);
        await _node.ForceTurnAsync(gameId);
        var before = await EngineStateAsync(gameId);
        var pidBefore = EngineManifests.PidOf(_data, gameId);

        var restart = await _node.RunAsync(gameId, "restart");

        restart.Status.ShouldBe("succeeded", $"{restart.ErrorCode}: {restart.ErrorMessage}\n{_orrery.Output}");
        (await _node.GetGameAsync(gameId)).Runtime!.CurrentTurn.ShouldBe(1);
        OrreryProcess.IsAlive(pidBefore).ShouldBeFalse();
        (await EngineStateAsync(gameId)).ShouldBe(before);
    }

    /// <summary>The engine's own account of the game, as JSON text.</summary>
    private async Task<string> EngineStateAsync(Guid gameId)
    {
        var endpoint = (await _node.GetGameAsync(gameId)).Runtime!.EngineEndpoint!;
        var state = await NodeClient.EngineStatusAsync(endpoint) ?? throw new InvalidOperationException("The engine did not answer.");
        return JsonSerializer.Serialize(state);
    }
}
