using Orrery.Cluster;
using Orrery.Scheduling;

namespace Orrery.Benchmarks;

/// <summary>
/// Many games over 3 replicas of the real binary: each replica's resident memory with no games, then with the games
/// it owns, and the turn lateness the engines see (slot -> turn call). The engines are <see cref="StubEngineServer"/>
/// endpoints (10,000 reference engines do not fit a 2-core, 24 GiB machine: a container takes ~26 MiB and a turn
/// ~1 ms of CPU); the games are seeded as started ones. Game i plays at second i % 60 of every minute. Baseline for
/// lateness in the same run, replicas stopped: a bare timer loop calling the same stub turn endpoint at each slot.
/// </summary>
internal static class ClusterScaleBenchmark
{
    private const int ReplicaCount = 3;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var gameCount = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var seconds = args.Length > 1 ? int.Parse(args[1]) : 60;
        var shards = new GameShards(GameShards.DefaultCount);
        await using var engines = await StubEngineServer.StartAsync();
        // The games' engines are not containers: the reconciler's pass at start-up only notes them missing (the next, in an
        // hour, would remove them), and the health monitor's inspection on the Docker host (it would report them
        // disappeared) waits an hour too. Its /healthz probes run as usual: they are part of what a game costs.
        var settings = new Dictionary<string, string>
        {
            ["Orrery__Reconcile__Interval"] = "01:00:00",
            ["Orrery__Health__InspectInterval"] = "01:00:00",
        };
        await using var cluster = await ReplicaCluster.StartAsync(ReplicaCount, new Dictionary<string, string>(), cancellationToken, settings);
        await FailoverTrial.WaitUntilHomeAsync(cluster, shards, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        var idle = await ResidentAsync(cluster, cancellationToken);
        Console.WriteLine($"{ReplicaCount} replicas up with no games, RSS {string.Join(", ", idle.Select(b => Mib(b)))}; {FailoverBenchmark.Load()}");

        await cluster.StopAllAsync();
        var games = await StubGameSeeder.SeedAsync(cluster.ConnectionString, engines, gameCount, cancellationToken);
        await cluster.StartAllAsync(cancellationToken);
        await FailoverTrial.WaitUntilHomeAsync(cluster, shards, cancellationToken);
        Console.WriteLine($"{gameCount} games seeded, replicas restarted and every shard home; warm-up {WarmUp.TotalSeconds:0} s; {FailoverBenchmark.Load()}");
        await Task.Delay(WarmUp, cancellationToken);

        var turnsBefore = engines.Turns;
        engines.ResetLateness();
        var loaded = await ResidentAsync(cluster, cancellationToken, seconds);
        var orrery = engines.LatenessMs;
        var turns = engines.Turns - turnsBefore;
        var owners = await cluster.Database.ShardOwnersAsync(cancellationToken);
        var owned = cluster.Replicas.Select(r => games.Count(g => owners.GetValueOrDefault(shards.ShardOf(g)) == r.SiloPort)).ToArray();
        Console.WriteLine($"window of {seconds} s: {turns} turns played ({gameCount * seconds / 60} slots); {FailoverBenchmark.Load()}");

        await cluster.StopAllAsync();
        engines.ResetLateness();
        var bare = await BareCallsAsync(engines, games, Math.Min(seconds, 30), cancellationToken);

        Print(gameCount, seconds, cluster, idle, loaded, owned, orrery, bare);
    }

    /// <summary>Mean RSS of each replica over <paramref name="seconds"/> (sampled every 5 s; one sample for 0).</summary>
    private static async Task<long[]> ResidentAsync(ReplicaCluster cluster, CancellationToken cancellationToken, int seconds = 0)
    {
        var samples = cluster.Replicas.Select(_ => new List<long>()).ToArray();
        var end = DateTime.UtcNow.AddSeconds(seconds);
        do
        {
            for (var i = 0; i < samples.Length; i++) samples[i].Add(cluster.Replicas[i].ResidentBytes());
            if (seconds > 0) await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }
        while (DateTime.UtcNow < end);
        return samples.Select(s => (long)s.Average()).ToArray();
    }

    /// <summary>A bare timer loop calling each game's stub turn endpoint at its slot, fire and forget.</summary>
    private static async Task<IReadOnlyList<double>> BareCallsAsync(StubEngineServer engines, Guid[] games, int seconds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        var calls = new List<Task>();
        await BareTimerLoop.RunAsync(games.Length, (i, after) => TurnSlots.Next(StubGameSeeder.Schedule(i), after)!.Value, seconds, cancellationToken,
            (i, _) => calls.Add(http.PutAsync(new Uri(engines.EndpointOf(games[i]), "api/v1/admin/turn"), null, cancellationToken)));
        await Task.WhenAll(calls);
        return engines.LatenessMs;
    }

    private static void Print(
        int games, int seconds, ReplicaCluster cluster, long[] idle, long[] loaded, int[] owned, IReadOnlyList<double> orrery, IReadOnlyList<double> bare)
    {
        Console.WriteLine($"{games} games (stub engines over HTTP) on 3 replicas, '<i % 60> * * * * *' (~{games / 60.0:0} turns due every second)");
        Console.WriteLine("| replica | games owned | RSS, no games | RSS, with its games (mean over the window) | per game |\n|---|---|---|---|---|");
        for (var i = 0; i < cluster.Replicas.Count; i++)
        {
            var perGame = owned[i] > 0 ? (loaded[i] - idle[i]) / 1024.0 / owned[i] : double.NaN;
            Console.WriteLine($"| {cluster.Replicas[i].Index} | {owned[i]} | {Mib(idle[i])} | {Mib(loaded[i])} | {perGame:0.0} KiB |");
        }
        var all = (loaded.Sum() - idle.Sum()) / 1024.0 / Math.Max(1, owned.Sum());
        Console.WriteLine($"| all | {owned.Sum()} | {Mib(idle.Sum())} | {Mib(loaded.Sum())} | {all:0.0} KiB |");
        Report.Header();
        Report.Row("turn lateness at the engine (slot -> turn call) p50 vs bare timer loop calling the same stubs", Report.Percentile(orrery, 50), Report.Percentile(bare, 50), "ms", "0.#");
        Report.Row("turn lateness at the engine p99 vs bare loop", Report.Percentile(orrery, 99), Report.Percentile(bare, 99), "ms", "0.#");
        Report.Row("turn lateness at the engine max vs bare loop", Report.Percentile(orrery, 100), Report.Percentile(bare, 100), "ms", "0.#");
        Console.WriteLine($"turn calls: {orrery.Count} in {seconds} s (expected ~{games * seconds / 60}); bare loop: {bare.Count}");
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:0} MiB";
}
