using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Persistence.Sqlite;
using Orrery.Sessions;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// Session pools (issue 14): sessions started per second (one connection each, 10 per pool) over the embedded store,
/// then the time a crashed pool takes to be restarted from its persisted state; beside the baseline of the same
/// store calls a start makes, run one after another without pools.
/// </summary>
internal static class LivePoolsBenchmark
{
    private const int Concurrency = 16;

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        var crashes = args.Length > 1 ? int.Parse(args[1]) : 20;
        var root = Directory.CreateTempSubdirectory("orrery-live-pools-");
        try
        {
            await using var provider = Services(Path.Combine(root.FullName, "orrery.db"));
            await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
            var games = await RegisterAsync(provider.GetRequiredService<IGameStore>(), sessions, cancellationToken);
            var baseline = await BaselineAsync(provider, games[..Math.Min(2_000, games.Length)], cancellationToken);

            var live = provider.GetRequiredService<LiveSessions>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForAsync(0, games.Length, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => await live.AttachAsync(games[i], new DiscardingSubscriber(), null, ct));
            var startRate = games.Length / clock.Elapsed.TotalSeconds;
            var pools = live.Pools();

            var restarts = new List<double>();
            foreach (var pool in pools.Take(crashes))
            {
                var restart = Stopwatch.StartNew();
                await live.CrashPoolAsync(pool.PoolId, cancellationToken);
                restarts.Add(restart.Elapsed.TotalMilliseconds);
            }
            restarts.Sort();
            var restarted = live.Pools().Where(p => p.Restarts > 0).Sum(p => p.Games.Count);

            Console.WriteLine($"sessions started: {games.Length} in {pools.Count} pools, {startRate:F0}/s ({Concurrency} concurrent connections)");
            Console.WriteLine($"baseline: the same store calls one start makes, in a loop without pools: {baseline:F0} starts/s");
            Console.WriteLine($"pool crash -> restarted from its row ({restarts.Count} pools of 10, {restarted} sessions back): " +
                $"p50 {restarts[restarts.Count / 2]:F1} ms, max {restarts[^1]:F1} ms");
            await live.StopAsync(cancellationToken);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static ServiceProvider Services(string databasePath)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<Orrery.Cluster.IOwnerFences, AllShards>();
        services.AddSqliteStore(databasePath);
        services.AddSingleton(sp => new RuntimeRecords(sp.GetRequiredService<IRuntimeStore>()));
        services.AddLiveSessions(o => o.FaultInjection = true);
        return services.BuildServiceProvider();
    }

    private static async Task<Guid[]> RegisterAsync(IGameStore store, int count, CancellationToken cancellationToken)
    {
        var games = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(games, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, (id, ct) =>
            new ValueTask(store.UpsertAsync(new Game(id, "1.0.0", "0 * * * *", [new Membership(Guid.NewGuid(), "Andorians")], now, now), ct)));
        return games;
    }

    /// <summary>What one start reads and writes (pool row, game, record, standings, previous backup, backup), sequentially.</summary>
    private static async Task<double> BaselineAsync(IServiceProvider provider, Guid[] games, CancellationToken cancellationToken)
    {
        var store = provider.GetRequiredService<ISessionPoolStore>();
        var source = provider.GetRequiredService<LiveGameSource>();
        var clock = Stopwatch.StartNew();
        var pool = new List<Guid>();
        for (var i = 0; i < games.Length; i++)
        {
            var gameId = games[i];
            pool = pool.Count == 10 ? [gameId] : [.. pool, gameId];
            await store.SavePoolAsync(new SessionPoolState("baseline", $"pool-{i / 10}", pool, DateTimeOffset.UtcNow), cancellationToken);
            await source.LoadAsync(gameId, cancellationToken);
            await store.GetBackupAsync(gameId, cancellationToken);
            await store.SaveBackupsAsync([new SessionBackup(gameId, "baseline", "pool", "s", 0, 0, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)], cancellationToken);
        }
        var rate = games.Length / clock.Elapsed.TotalSeconds;
        foreach (var gameId in games)
        {
            await store.DeleteBackupAsync(gameId, cancellationToken);
        }
        return rate;
    }

    /// <summary>A connection that takes every message and drops it.</summary>
    private sealed class DiscardingSubscriber : ILiveSubscriber
    {
        public LiveViewer Viewer { get; } = LiveViewer.Spectator("bench");

        public bool IsOpen => true;

        public bool TryEnqueue(LiveMessage message) => true;

        public void Close(LiveCloseCode code, string reason)
        {
        }
    }

    /// <summary>The session pool store is not fenced; the other stores ask for fences this benchmark never uses.</summary>
    private sealed class AllShards : Orrery.Cluster.IOwnerFences
    {
        public Orrery.Cluster.OwnerFence For(Guid gameId) => new(0, 1);

        public Orrery.Cluster.OwnerFence ForShard(int shard) => new(shard, 1);

        public void Refused(Orrery.Cluster.OwnerFence fence)
        {
        }
    }
}
