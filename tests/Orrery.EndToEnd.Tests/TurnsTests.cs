using System.Net.Http.Json;
using Orrery.Api;
using System.Text.Json;

namespace Orrery.EndToEnd.Tests;

/// <summary>Turns, patches and restarts with the real binary and real reference-engine processes.</summary>
public sealed class TurnsTests() : EmbeddedNodeTest("turns")
{

    public override async ValueTask InitializeAsync() => await StartNodeAsync();

    [Fact]
    public async Task A_game_on_a_one_second_schedule_plays_every_turn_until_it_finishes()
    {
        await Client.RegisterEngineBinaryAsync("3.0.0", "--ENGINE_MAX_TURNS=4");
        var gameId = await Client.RegisterScheduledGameAsync("3.0.0", "* * * * * *", "Andorians", "Cygnans");
        (await Client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);

        var finished = await Client.WaitForGameAsync(gameId, r => r.Status == "finished");

        finished.CurrentTurn.ShouldBe(4);
        finished.NextTurnAt.ShouldBeNull();
        var snapshots = await Client.Http.GetFromJsonAsync<PageResponse<SnapshotResponse>>($"games/{gameId}/snapshots?pageSize=100", NodeClient.Json, TestContext.Current.CancellationToken);
        snapshots!.Items.Select(s => s.Turn).ShouldBe([4, 3, 2, 1, 0], "one snapshot per turn: none missed, none doubled");
        var events = await Client.ReadStreamAsync("gm:lobby_events");
        var turns = events.Where(e => e.Fields["event_type"] == "runtime_snapshot_update" && e.Fields["game_id"] == gameId.ToString())
            .Select(e => int.Parse(e.Fields["current_turn"])).ToList();
        turns.ShouldBe(turns.Order().ToList(), "the lobby sees the turns in order (health updates repeat the current turn)");
        turns.Distinct().ShouldBe([0, 1, 2, 3, 4]);
        events.ShouldContain(e => e.Fields["event_type"] == "game_finished" && e.Fields["current_turn"] == "4");

        var (exitCode, output) = await Node.RunCliAsync("events", "tail", "gm:lobby_events", "--no-follow");
        exitCode.ShouldBe(0, output);
        output.ShouldContain($"game_finished game_id={gameId}");
    }

    [Fact]
    public async Task Patch_from_1_0_0_to_1_0_1_resumes_the_game_from_its_state()
    {
        await Client.RegisterEngineBinaryAsync("1.0.1");
        var gameId = await Client.RegisterGameAsync("Andorians", "Cygnans");
        (await Client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        await Client.ForceTurnAsync(gameId);
        await Client.ForceTurnAsync(gameId);
        var before = await EngineStateAsync(gameId);
        var pidBefore = EngineManifests.PidOf(DataDirectory, gameId);

        var patch = await Client.RunAsync(gameId, "patch", new { version = "1.0.1" });

        patch.Status.ShouldBe("succeeded", $"{patch.ErrorCode}: {patch.ErrorMessage}\n{Node.Output}");
        var runtime = (await Client.GetGameAsync(gameId)).Runtime!;
        runtime.EngineVersion.ShouldBe("1.0.1");
        runtime.CurrentTurn.ShouldBe(2);
        OrreryProcess.IsAlive(pidBefore).ShouldBeFalse();
        EngineManifests.PidOf(DataDirectory, gameId).ShouldNotBe(pidBefore);
        (await EngineStateAsync(gameId)).ShouldBe(before, "the patched engine carries on from the same state");

        await Client.ForceTurnAsync(gameId);
        (await Client.GetGameAsync(gameId)).Runtime!.CurrentTurn.ShouldBe(3);
    }

    [Fact]
    public async Task Restart_keeps_the_turn_and_the_state()
    {
        var gameId = await Client.RegisterGameAsync("Andorians", "Cygnans", "Denebians");
        (await Client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        await Client.ForceTurnAsync(gameId);
        var before = await EngineStateAsync(gameId);
        var pidBefore = EngineManifests.PidOf(DataDirectory, gameId);

        var restart = await Client.RunAsync(gameId, "restart");

        restart.Status.ShouldBe("succeeded", $"{restart.ErrorCode}: {restart.ErrorMessage}\n{Node.Output}");
        (await Client.GetGameAsync(gameId)).Runtime!.CurrentTurn.ShouldBe(1);
        OrreryProcess.IsAlive(pidBefore).ShouldBeFalse();
        (await EngineStateAsync(gameId)).ShouldBe(before);
    }

    /// <summary>The engine's own account of the game, as JSON text.</summary>
    private async Task<string> EngineStateAsync(Guid gameId)
    {
        var endpoint = (await Client.GetGameAsync(gameId)).Runtime!.EngineEndpoint!;
        var state = await NodeClient.EngineStatusAsync(endpoint) ?? throw new InvalidOperationException("The engine did not answer.");
        return JsonSerializer.Serialize(state);
    }
}
