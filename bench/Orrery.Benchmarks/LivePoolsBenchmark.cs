using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Sessions;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// Issue 14: starts a live session for each of 10,000 games (1,000 pools of 10) on an in-process node over the
/// embedded store, then crash-restarts one pool (fault injection) and times its recovery. Baseline in the same run: the
/// store reads a session's start needs (game, runtime record, standings), done the naive way at the same concurrency
/// with no pool, mailbox, registry or persisted pool state; and the same reads for one pool's ten games.
/// </summary>
internal static class LivePoolsBenchmark
{
    private const int AtOnce = 64;

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        await using var node = await NodeUnderTest.StartInProcessAsync(
            "--Orrery:EngineCapacity=0", "--Orrery:Reconcile:Interval=01:00:00", "--Orrery:Health:InspectInterval=01:00:00",
            "--Orrery:Live:FaultInjection=true");
        // Once a year: no turn runs during the benchmark.
        var ids = await InProcessGames.SeedAsync(node, games, _ => "0 0 0 1 1 *", id => new Uri($"http://127.0.0.1:9/{id:N}/"), track: false, cancellationToken);
        var sessions = node.Services.GetRequiredService<LiveSessions>();
        var subscriber = new CountingSubscriber();

        var naive = await TimeAsync(ids, (id, ct) => ReadAsNaiveStartAsync(node.Services, id, ct), cancellationToken);
        var attachments = new LiveAttachment[ids.Length];
        var started = await TimeAsync(Enumerable.Range(0, ids.Length).ToArray(), async (i, ct) =>
            attachments[i] = await sessions.AttachAsync(ids[i], subscriber, null, ct), cancellationToken);
        var pools = sessions.Pools();
        Console.WriteLine($"{ids.Length} sessions in {pools.Count} pools (capacity {pools[0].Capacity}); {subscriber.Messages} welcome messages");

        var victim = pools[pools.Count / 2];
        var crash = Stopwatch.StartNew();
        await sessions.CrashPoolAsync(victim.PoolId, cancellationToken);
        var restarted = crash.Elapsed;
        var after = sessions.Pools().Single(p => p.PoolId == victim.PoolId || p.Games.Intersect(victim.Games).Any());
        var naiveRestart = await TimeAsync([.. victim.Games], (id, ct) => ReadAsNaiveStartAsync(node.Services, id, ct), cancellationToken);

        Report.Header();
        Report.Row("session start rate (10,000 at 64 at a time)", ids.Length / started.TotalSeconds, ids.Length / naive.TotalSeconds, "sessions/s", "0");
        Report.Row($"crash-restart of a pool of {victim.Games.Count} sessions", restarted.TotalMilliseconds, naiveRestart.TotalMilliseconds, "ms", "0.0");
        Console.WriteLine($"restarted pool {after.PoolId}: {after.Games.Count} sessions, restarts {after.Restarts}");
        foreach (var attachment in attachments)
        {
            await attachment.DisposeAsync();
        }
    }

    /// <summary>What any session start must read, without the pools.</summary>
    private static async Task ReadAsNaiveStartAsync(IServiceProvider services, Guid gameId, CancellationToken cancellationToken)
    {
        _ = await services.GetRequiredService<IGameStore>().GetAsync(gameId, cancellationToken);
        _ = await services.GetRequiredService<IRuntimeStore>().GetAsync(gameId, cancellationToken);
        _ = await services.GetRequiredService<IPlayerStatsStore>().ListAsync(gameId, cancellationToken);
    }

    private static async Task<TimeSpan> TimeAsync<T>(T[] items, Func<T, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken },
            (item, ct) => new ValueTask(work(item, ct)));
        return clock.Elapsed;
    }

    /// <summary>A client that takes everything: the benchmark measures the sessions, not sockets.</summary>
    private sealed class CountingSubscriber : ILiveSubscriber
    {
        private long _messages;

        public LiveViewer Viewer { get; } = LiveViewer.Spectator("benchmark");

        public bool IsOpen => true;

        public long Messages => Interlocked.Read(ref _messages);

        public bool TryEnqueue(LiveMessage message)
        {
            Interlocked.Increment(ref _messages);
            return true;
        }

        public void Close(LiveCloseCode code, string reason)
        {
        }
    }
}
