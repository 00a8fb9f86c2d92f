using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orrery.Scheduling;
using Orrery.Specs.Instances;

namespace Orrery.Benchmarks;

/// <summary>
/// The turn scheduler with many games on stub engines that answer at once, driven by its own background loop
/// (the hosted service's StartAsync: load, then its timer), over the real SQLite store and again over in-memory
/// ports (the same code without the store's cost). Baseline in the same run: a bare timer loop doing the same
/// callbacks at the same instants. Game i plays at second i % 60 of every minute: ~167 turns each second for
/// 10,000 games, spread over the clock as a platform's games are.
/// </summary>
internal static class TurnsStubBenchmark
{
    /// <summary>Covers the burst of slots missed while seeding (they fire once at load) and the JIT.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var seconds = args.Length > 1 ? int.Parse(args[1]) : 60;

        using var metrics = new TurnMetrics();
        var sqlite = await MeasureAsync(sqliteStore: true, games, seconds, metrics, cancellationToken);
        var recorded = await MeasureAsync(sqliteStore: true, games, seconds, metrics, cancellationToken, recordsRuntime: true);
        var memory = await MeasureAsync(sqliteStore: false, games, seconds, metrics, cancellationToken);
        Collect();
        var bare = await BareTimerLoop.RunAsync(games, NextSlot, seconds, cancellationToken);
        Collect();
        var bareTurns = await MeasureBareTurnsAsync(games, seconds, cancellationToken);

        Console.WriteLine($"{games} games on '<i % 60> * * * * *' (one turn a minute each, ~{games / 60.0:0} due every second), stub engines in this process");
        sqlite.Print("orrery, SQLite store");
        recorded.Print("orrery, SQLite store, every status change recorded as a game-runtime transition");
        memory.Print("orrery, in-memory ports");
        Console.WriteLine($"bare timer loop: {bare.LatenessMs.Count} callbacks over {seconds} s, CPU {bare.Cpu.TotalMilliseconds:0} ms");
        Console.WriteLine($"bare timer loop playing the turns (in-memory ports): {bareTurns.LatenessMs.Count} turns over {seconds} s, CPU {bareTurns.Cpu.TotalMilliseconds:0} ms");
        Report.Header();
        Report.Row("turn start lateness p50 vs bare timer loop", Report.Percentile(sqlite.LatenessMs, 50), Report.Percentile(bare.LatenessMs, 50), "ms", "0.##");
        Report.Row("turn start lateness p99 vs bare timer loop", Report.Percentile(sqlite.LatenessMs, 99), Report.Percentile(bare.LatenessMs, 99), "ms", "0.##");
        Report.Row("turn start lateness max vs bare timer loop", Report.Percentile(sqlite.LatenessMs, 100), Report.Percentile(bare.LatenessMs, 100), "ms", "0.##");
        Report.Row("in-memory ports: lateness p99 vs bare timer loop", Report.Percentile(memory.LatenessMs, 99), Report.Percentile(bare.LatenessMs, 99), "ms", "0.##");
        Report.Row("CPU per turn, SQLite store vs per bare callback", sqlite.CpuMicrosecondsPerTurn, bare.CpuMicrosecondsPerCallback, "µs", "0.#");
        Report.Row("CPU per turn, SQLite store: game-runtime recorded vs not recorded", recorded.CpuMicrosecondsPerTurn, sqlite.CpuMicrosecondsPerTurn, "µs", "0.#");
        Report.Row("turn start lateness p99, SQLite store: game-runtime recorded vs not", Report.Percentile(recorded.LatenessMs, 99), Report.Percentile(sqlite.LatenessMs, 99), "ms", "0.##");
        Report.Row("CPU per turn, in-memory ports vs per bare callback", memory.CpuMicrosecondsPerTurn, bare.CpuMicrosecondsPerCallback, "µs", "0.#");
        Report.Row("scheduler's own CPU per turn: in-memory ports, scheduler vs bare loop playing the same turns", memory.CpuMicrosecondsPerTurn, bareTurns.CpuMicrosecondsPerCallback, "µs", "0.#");
        Report.Row("CPU, SQLite store, % of one core vs bare loop", sqlite.CpuPercentOfOneCore, bare.Cpu.TotalSeconds / seconds * 100, "%", "0.##");
    }

    private static string Schedule(int i) => $"{i % 60} * * * * *";

    private static DateTimeOffset NextSlot(int i, DateTimeOffset after) => TurnSlots.Next(Schedule(i), after)!.Value;

    /// <summary>
    /// The same turns over the in-memory ports, each called by the bare timer loop at its slot (no scheduler): the
    /// turn's own work plus the floor of a timer loop, so the scheduler's overhead is the difference.
    /// </summary>
    private static async Task<BareTimerResult> MeasureBareTurnsAsync(int games, int seconds, CancellationToken cancellationToken)
    {
        await using var node = await StubTurnNode.CreateAsync(StubStore.InMemory, cancellationToken);
        var ids = (await node.SeedAsync(games, Schedule, cancellationToken)).Keys.ToArray();
        var turns = new List<Task>(games * 2);
        var result = await BareTimerLoop.RunAsync(games, NextSlot, seconds, cancellationToken,
            (i, slot) => turns.Add(node.Runner.RunAsync(ids[i], slot, cancellationToken)));
        await Task.WhenAll(turns);
        return result;
    }

    /// <param name="recordsRuntime">
    /// With the spec instances as the node runs them (SPEC §9): every status change of a turn (two per turn) posted as a
    /// transition of its game's game-runtime instance and written by the shards in batches.
    /// </param>
    private static async Task<TurnWindowResult> MeasureAsync(
        bool sqliteStore, int games, int seconds, TurnMetrics metrics, CancellationToken cancellationToken, bool recordsRuntime = false)
    {
        await using var node = await StubTurnNode.CreateAsync(
            sqliteStore ? StubStore.Sqlite : StubStore.InMemory, cancellationToken,
            recordsRuntime ? services => services.AddMetrics().AddSpecInstances() : null);
        var specShards = recordsRuntime ? node.Get<IEnumerable<IHostedService>>().OfType<SpecShardHost>().Single() : null;
        if (specShards is not null)
        {
            await specShards.StartAsync(cancellationToken);
        }
        var schedules = await node.SeedAsync(games, Schedule, cancellationToken);
        Collect();
        // The scheduler learns its games when this node takes their shards (the rig took them all before seeding), not at
        // its own start: load the seeded ones as a node taking their shards now would.
        await node.Scheduler.LoadAsync(_ => true, cancellationToken);
        await node.Scheduler.StartAsync(cancellationToken);
        try
        {
            await Task.Delay(WarmUp, cancellationToken);
            return await TurnWindow.MeasureAsync(node.Runtimes, schedules, metrics, seconds, cancellationToken);
        }
        finally
        {
            await node.Scheduler.StopAsync(CancellationToken.None);
            if (specShards is not null)
            {
                await specShards.StopAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>One phase's garbage is collected before the next phase, not on its clock.</summary>
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
