using Microsoft.Data.Sqlite;

namespace Orrery.EndToEnd.Tests;

/// <summary>SPEC §7 end to end on the process host: Orrery is killed, the world changes, Orrery comes back and reconciles.</summary>
public sealed class ReconcileTests() : EmbeddedNodeTest("reconcile")
{
    private const int SigKill = 9;

    // Passes only at start-up and on demand, so the test knows which pass is which.
    private static readonly string[] Settings = ["--Orrery:Reconcile:Interval=01:00:00"];

    public override async ValueTask InitializeAsync() => await StartNodeAsync(Settings);

    [Fact]
    public async Task After_a_crash_a_dead_engine_is_removed_on_the_second_pass_and_a_live_one_recorded_stopped_is_adopted()
    {
        var killed = await StartedGameAsync();
        var adopted = await StartedGameAsync();
        var adoptedPid = EngineManifests.PidOf(DataDirectory, adopted);

        await Node.KillAsync();
        OrreryProcess.Kill(EngineManifests.PidOf(DataDirectory, killed), SigKill);
        // As if Orrery had died between launching the engine and recording it: the record says stopped.
        await SetStatusAsync(adopted, "stopped");

        await StartNodeAsync(Settings); // its start-up pass is the first

        var (exitCode, output) = await Node.RunCliAsync("reconcile"); // the second pass

        exitCode.ShouldBe(0, output);
        output.ShouldContain("removed", Case.Sensitive, output);
        output.ShouldContain(killed.ToString(), Case.Sensitive, output);
        var removed = (await Client.GetGameAsync(killed)).Runtime!;
        removed.Status.ShouldBe("removed", Node.Output);
        var running = (await Client.GetGameAsync(adopted)).Runtime!;
        running.Status.ShouldBe("running", Node.Output);
        OrreryProcess.IsAlive(adoptedPid).ShouldBeTrue();
        EngineManifests.PidOf(DataDirectory, adopted).ShouldBe(adoptedPid, "adopted, not relaunched");

        var jobResults = (await Client.ReadStreamAsync("gm:lobby_events"))
            .Where(e => e.Fields["event_type"] == "runtime_job_result").Select(e => e.Fields).ToList();
        jobResults.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            f => f["game_id"].ShouldBe(killed.ToString()),
            f => f["op"].ShouldBe("reconcile"),
            f => f["status"].ShouldBe("removed"));
    }

    private async Task<Guid> StartedGameAsync()
    {
        var gameId = await Client.RegisterGameAsync("Andorians", "Cygnans");
        (await Client.RunAsync(gameId, "start")).Status.ShouldBe("succeeded", Node.Output);
        return gameId;
    }

    private async Task SetStatusAsync(Guid gameId, string status)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "orrery.db")};Pooling=False");
        await db.OpenAsync();
        await using var update = db.CreateCommand();
        update.CommandText = "UPDATE runtime_records SET status = $status, version = version + 1 WHERE game_id = $game";
        update.Parameters.AddWithValue("$status", status);
        update.Parameters.AddWithValue("$game", gameId.ToString());
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
