using System.Diagnostics;
using Orrery.Cluster;

namespace Orrery.Benchmarks;

/// <summary>How a replica is taken down in a failover trial.</summary>
internal enum ReplicaFault
{
    /// <summary>kill -9: the process is gone; its peers' probes are refused at once.</summary>
    Kill,
    /// <summary>SIGSTOP until it is declared dead and its games turn elsewhere, then SIGCONT: a zombie wakes.</summary>
    Pause,
}

/// <summary>
/// One failover: the replica owning the most games is taken down; the trial polls the shared database every 50 ms for
/// the death declaration (Orleans' membership table) and for each of the replica's games' first turn recorded after
/// the fault, then brings the replica back and waits until every shard is home again and every game turned since.
/// </summary>
internal static class FailoverTrial
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    public static async Task<FailoverSample> RunAsync(
        ReplicaCluster cluster, Guid[] games, GameShards shards, ReplicaFault fault, CancellationToken cancellationToken)
    {
        var owners = await cluster.Database.ShardOwnersAsync(cancellationToken);
        var byPort = games.GroupBy(g => owners.GetValueOrDefault(shards.ShardOf(g))).ToDictionary(g => g.Key, g => g.ToArray());
        var victim = cluster.Replicas.Where(r => r.Running).MaxBy(r => byPort.GetValueOrDefault(r.SiloPort)?.Length ?? 0)!;
        var victimGames = byPort[victim.SiloPort];
        var before = (await cluster.Database.TurnsAsync(victimGames, cancellationToken)).ToDictionary(p => p.Key, p => p.Value.Turn);

        var faultAt = DateTimeOffset.UtcNow;
        if (fault == ReplicaFault.Kill)
        {
            await victim.KillAsync();
        }
        else
        {
            victim.Pause();
        }

        DateTimeOffset? declaredAt = null;
        var firstTurnAt = new Dictionary<Guid, DateTimeOffset>();
        var clock = Stopwatch.StartNew();
        while ((declaredAt is null || firstTurnAt.Count < victimGames.Length) && clock.Elapsed < Patience)
        {
            await Task.Delay(Poll, cancellationToken);
            declaredAt ??= await cluster.Database.DeclaredDeadAtAsync(victim.SiloPort, cancellationToken);
            var waiting = victimGames.Where(g => !firstTurnAt.ContainsKey(g)).ToArray();
            foreach (var (game, (turn, updatedAt)) in await cluster.Database.TurnsAsync(waiting, cancellationToken))
            {
                // A turn recorded between the read above and the fault is the last one before it, not the first after.
                if (turn > before[game] && updatedAt > faultAt) firstTurnAt[game] = updatedAt;
                else if (turn > before[game]) before[game] = turn;
            }
        }

        TimeSpan? zombieExit = null;
        if (fault == ReplicaFault.Pause)
        {
            var woken = Stopwatch.StartNew();
            victim.Resume();
            zombieExit = await victim.WaitForExitAsync(TimeSpan.FromSeconds(60)) ? woken.Elapsed : null;
            if (zombieExit is null)
            {
                await victim.KillAsync();
            }
        }

        var sample = new FailoverSample(
            fault, victim.Index, victimGames.Length, faultAt, declaredAt,
            firstTurnAt.Values.Select(t => (t - faultAt).TotalMilliseconds).ToList(),
            declaredAt is { } d ? firstTurnAt.Values.Select(t => (t - d).TotalMilliseconds).ToList() : [],
            firstTurnAt.Values.Select(t => (double)MissedSlots(faultAt, t)).ToList(),
            victimGames.Length - firstTurnAt.Count, zombieExit);
        sample.Print();

        var rebalance = Stopwatch.StartNew();
        await victim.StartAsync(cancellationToken);
        await WaitUntilHomeAsync(cluster, shards, cancellationToken);
        await WaitUntilAllTurnAsync(cluster, games, cancellationToken);
        Console.WriteLine($"  replica {victim.Index} back, every shard home and every game turned since: {rebalance.Elapsed.TotalSeconds:0.0} s");
        return sample;
    }

    /// <summary>
    /// Whole-second slots s with <paramref name="faultAt"/> &lt; s &lt;= <paramref name="firstTurnAt"/>, less the one
    /// the first turn played: the slots the game went without (on a 1-second schedule).
    /// </summary>
    public static long MissedSlots(DateTimeOffset faultAt, DateTimeOffset firstTurnAt) =>
        Math.Max(0, firstTurnAt.ToUnixTimeSeconds() - faultAt.ToUnixTimeSeconds() - 1);

    /// <summary>Every shard held by the replica it belongs to among the running ones (<see cref="ShardHomes"/>).</summary>
    public static async Task WaitUntilHomeAsync(ReplicaCluster cluster, GameShards shards, CancellationToken cancellationToken)
    {
        var members = cluster.Replicas.Where(r => r.Running).Select(r => $"127.0.0.1:{r.SiloPort}").ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            var owners = await cluster.Database.ShardOwnersAsync(cancellationToken);
            if (shards.All.All(s => owners.TryGetValue(s, out var port) && ShardHomes.Pick(s, members) == $"127.0.0.1:{port}")) return;
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException("the shards did not all go home within " + Patience);
    }

    /// <summary>Waits until every game's turn moved past what it was when called.</summary>
    public static async Task WaitUntilAllTurnAsync(ReplicaCluster cluster, Guid[] games, CancellationToken cancellationToken)
    {
        var before = await cluster.Database.TurnsAsync(games, cancellationToken);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            await Task.Delay(500, cancellationToken);
            var now = await cluster.Database.TurnsAsync(games, cancellationToken);
            var still = games.Count(g => now[g].Turn <= before[g].Turn);
            if (still == 0) return;
        }
        throw new TimeoutException("some games did not turn within " + Patience);
    }
}
