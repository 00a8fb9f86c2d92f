using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Engines;
using Orrery.Reconcile;
using Orrery.Runtime;
using Orrery.Snapshots;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// A reconcile pass over N running games (10,000 unless told) on a real store (SQLite unless told
/// <c>postgres</c>), with an engine host stub listing N engines and stub engines answering their status at once.
/// Three figures, each beside a naive pass in the same run that asks the store for each listed engine's record
/// (N+1 queries) and then refreshes each game on its own, as the reconciler did before its refreshes were batched:
/// <list type="bullet">
/// <item>the decision phase (read the records, list the engines, match, decide), which is what the pass costs apart
/// from the engine status calls and the snapshots they produce;</item>
/// <item>the whole pass when no engine has moved since the last pass (every game's refresh only moves
/// <c>last_observed_at</c>);</item>
/// <item>the whole pass when every engine has played a turn since (every game gets a snapshot row, player stats,
/// the record's CAS and a lobby event).</item>
/// </list>
/// Rounds alternate orrery and the baseline and report medians, so load drift on a shared machine hits both.
/// </summary>
internal static class ReconcileBenchmark
{
    private const string Stack = "default";

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var parallel = args.Length > 2 ? int.Parse(args[2]) : new ReconcileOptions().MaxParallelStatusCalls;
        var store = args.Length > 3 ? Enum.Parse<StubStore>(args[3], ignoreCase: true) : StubStore.Sqlite;

        var host = new ListingHost();
        await using var node = await StubTurnNode.CreateAsync(store, cancellationToken, services =>
        {
            services.AddSingleton<IEngineHost>(host);
            services.AddReconciler();
            services.Configure<ReconcileOptions>(o => o.MaxParallelStatusCalls = parallel);
        });
        var seeding = Stopwatch.StartNew();
        await node.SeedAsync(games, _ => "0 0 * * * *", cancellationToken);
        var records = await node.Runtimes.ListAsync(cancellationToken);
        host.Engines = [.. records.Select(r => new EngineInstance(
            r.EngineId!, r.GameId, r.EngineVersion, new Uri(r.EngineEndpoint!), true, r.StartedAt!.Value, Stack))];
        Console.WriteLine($"{games} running games seeded in {seeding.Elapsed.TotalSeconds:0.0} s ({store}), {host.Engines.Count} engines listed by the stub host, {parallel} status calls at once");

        var reconciler = node.Get<Reconciler>();
        var engines = node.Get<StubEngineClient>();
        var naive = new NaivePass(node.Runtimes, host, engines, node.Get<SnapshotPublisher>());

        // Warm-up: JIT and the store's page cache for both.
        await DecideAsync(node.Runtimes, host, cancellationToken);
        await naive.DecideAsync(cancellationToken);

        var decide = new List<double>();
        var decideNaive = new List<double>();
        var unchanged = new List<double>();
        var changed = new List<double>();
        var passNaive = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            decide.Add(await TimeAsync(() => DecideAsync(node.Runtimes, host, cancellationToken)));
            decideNaive.Add(await TimeAsync(() => naive.DecideAsync(cancellationToken)));
            // The engines are where the records say: the seed, or the naive pass of the round before.
            unchanged.Add(await TimeAsync(() => PassAsync(reconciler, games, cancellationToken)));
            engines.AdvanceAll();
            changed.Add(await TimeAsync(() => PassAsync(reconciler, games, cancellationToken)));
            engines.AdvanceAll();
            passNaive.Add(await TimeAsync(() => naive.RunAsync(cancellationToken)));
        }

        // Only passes after engines moved write snapshot rows: one per round from the pass, one from the naive pass.
        var rows = (await node.Get<IHealthSnapshotStore>().ListAsync(records[0].GameId, new PageRequest(1, 1), cancellationToken)).Total;
        if (rows != 2 * rounds)
        {
            throw new InvalidOperationException($"A game has {rows} snapshot rows after {rounds} rounds; expected {2 * rounds}.");
        }

        Console.WriteLine($"rounds (ms): no engine moved {Samples(unchanged)}; every engine moved {Samples(changed)}; N+1 pass {Samples(passNaive)}");
        var perRecord = 1000.0 / games; // ms per pass -> µs per record
        Report.Header();
        Report.Row($"decision phase, {games} records x {games} engines (median of {rounds}) vs N+1 store queries", Median(decide), Median(decideNaive), "ms", "0");
        Report.Row("decision phase per record vs N+1", Median(decide) * perRecord, Median(decideNaive) * perRecord, "µs", "0.0");
        Report.Row($"whole pass, no engine moved: last_observed_at only (median of {rounds}) vs N+1 pass", Median(unchanged), Median(passNaive), "ms", "0");
        Report.Row($"whole pass, every engine moved: snapshot, stats, CAS, lobby event each (median of {rounds}) vs N+1 pass", Median(changed), Median(passNaive), "ms", "0");
        Report.Row("whole pass per record, every engine moved, vs N+1", Median(changed) * perRecord, Median(passNaive) * perRecord, "µs", "0.0");
    }

    private static async Task PassAsync(Reconciler reconciler, int games, CancellationToken cancellationToken)
    {
        var report = await reconciler.RunPassAsync(cancellationToken);
        if (report.Refreshed.Count != games || report.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The pass refreshed {report.Refreshed.Count} of {games} games with {report.Errors.Count} errors.");
        }
    }

    /// <summary>What a pass does before any engine call: one read of each list, the matching, a decision per record.</summary>
    private static async Task<int> DecideAsync(IRuntimeStore store, IEngineHost host, CancellationToken cancellationToken)
    {
        var matches = EngineMatcher.Match(await store.ListAsync(cancellationToken), await host.ListAsync(cancellationToken), Stack);
        return matches.Records.Count(m => ReconcileRules.Decide(true, m.Record.Status, m.Sighting, false, GameIntent.Run) == ReconcileAction.Refresh);
    }

    private static async Task<double> TimeAsync(Func<Task> pass)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var started = Stopwatch.GetTimestamp();
        await pass();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> samples) => Report.Percentile(samples, 50);

    private static string Samples(List<double> samples) => string.Join(", ", samples.Select(s => s.ToString("0")));

    /// <summary>The baseline: for each listed engine, its record from the store; then the same refresh, one game at a time.</summary>
    private sealed class NaivePass(IRuntimeStore store, IEngineHost host, IEngineClient engines, SnapshotPublisher snapshots)
    {
        public async Task<int> DecideAsync(CancellationToken cancellationToken)
        {
            var refresh = 0;
            foreach (var engine in await host.ListAsync(cancellationToken))
            {
                var record = await store.GetAsync(engine.GameId!.Value, cancellationToken);
                refresh += ReconcileRules.Decide(record is not null, record?.Status, EngineSighting.Running, false, GameIntent.Run) == ReconcileAction.Refresh ? 1 : 0;
            }
            return refresh;
        }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            foreach (var engine in await host.ListAsync(cancellationToken))
            {
                var record = await store.GetAsync(engine.GameId!.Value, cancellationToken);
                if (record is { Status: RuntimeStatus.Running })
                {
                    var state = await engines.GetStatusAsync(engine.Endpoint, cancellationToken);
                    await snapshots.PublishAsync(record.GameId, state, null, cancellationToken);
                }
            }
        }
    }

    /// <summary>A host that lists a fixed set of engines at once and is never asked to run or stop one.</summary>
    private sealed class ListingHost : IEngineHost
    {
        public IReadOnlyList<EngineInstance> Engines { get; set; } = [];

        public EngineHostInfo Info { get; } = new(EngineHostKinds.Process, "benchmark listing");

        public Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) => Task.FromResult(new EngineHostResources(null));

        public Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(Engines);

        public Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) => Task.FromResult<EngineInspection?>(null);

        public Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveAsync(string engineId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
