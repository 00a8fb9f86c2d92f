namespace Orrery.EndToEnd.Tests;

/// <summary>SPEC §6 end to end: real engine processes die and freeze; the monitor sees it, the consumer applies it.</summary>
public sealed class HealthTests() : EmbeddedNodeTest("health")
{
    private const int SigKill = 9, SigStop = 19, SigCont = 18;

    // Short intervals so the test sees in seconds what production sees in 15 and 30.
    public override async ValueTask InitializeAsync() => await StartNodeAsync(
        "--Orrery:Health:ProbeInterval=00:00:00.300",
        "--Orrery:Health:ProbeTimeout=00:00:00.500",
        "--Orrery:Health:InspectInterval=00:00:01",
        "--Orrery:HealthConsumer:ReadWait=00:00:00.200");

    private async Task<Guid> StartedGameAsync()
    {
        var gameId = await Client.RegisterGameAsync("Andorians", "Cygnans");
        (await Client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        return gameId;
    }

    private async Task<List<string>> HealthEventTypesAsync(Guid gameId) =>
        (await Client.ReadStreamAsync("runtime:health_events"))
            .Where(e => e.Fields["game_id"] == gameId.ToString())
            .Select(e => e.Fields["event_type"]).ToList();

    private async Task<List<(string Status, string Health)>> LobbyUpdatesAsync(Guid gameId) =>
        (await Client.ReadStreamAsync("gm:lobby_events"))
            .Where(e => e.Fields["event_type"] == "runtime_snapshot_update" && e.Fields["game_id"] == gameId.ToString())
            .Select(e => (e.Fields["runtime_status"], e.Fields["engine_health_summary"])).ToList();

    [Fact]
    public async Task A_killed_engine_is_container_exited_then_engine_unreachable()
    {
        var gameId = await StartedGameAsync();

        OrreryProcess.Kill(EngineManifests.PidOf(DataDirectory, gameId), SigKill);
        var runtime = await Client.WaitForGameAsync(gameId, r => r.Status == "engine_unreachable", TimeSpan.FromSeconds(30));

        runtime.EngineHealth.ShouldBe("exited");
        // The probes may notice first (probe_failed); the inspection says what happened.
        var events = await HealthEventTypesAsync(gameId);
        events[0].ShouldBe("container_started");
        events.ShouldContain("container_exited");
        events.ShouldNotContain("probe_recovered");
        (await LobbyUpdatesAsync(gameId)).Count(u => u == ("engine_unreachable", "exited")).ShouldBe(1, "the lobby hears of the change once");
    }

    [Fact]
    public async Task A_frozen_engine_is_probe_failed_and_recovers_when_it_thaws()
    {
        var gameId = await StartedGameAsync();
        var pid = EngineManifests.PidOf(DataDirectory, gameId);

        OrreryProcess.Kill(pid, SigStop);
        (await Client.WaitForGameAsync(gameId, r => r.EngineHealth == "probe_failed", TimeSpan.FromSeconds(30))).Status.ShouldBe("running");

        OrreryProcess.Kill(pid, SigCont);
        var recovered = await Client.WaitForGameAsync(gameId, r => r.EngineHealth == "healthy", TimeSpan.FromSeconds(30));

        recovered.Status.ShouldBe("running");
        (await HealthEventTypesAsync(gameId)).ShouldBe(["container_started", "probe_failed", "probe_recovered"]);
        var updates = await LobbyUpdatesAsync(gameId);
        updates.Count(u => u == ("running", "probe_failed")).ShouldBe(1);
        updates.Last().ShouldBe(("running", "healthy"));
    }
}
