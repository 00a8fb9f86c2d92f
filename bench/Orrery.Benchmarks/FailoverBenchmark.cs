using System.Diagnostics;
using Orrery.Cluster;

namespace Orrery.Benchmarks;

/// <summary>
/// Failover of a 3-replica cluster (SPEC §10): G games on a 1-second schedule (reference engines in Docker), then R
/// times kill -9 of the replica owning the most games, then R times SIGSTOP of it (held until it is declared dead and
/// its games turned elsewhere, then SIGCONT), each followed by a restart and the shards' return home. Baseline in the
/// same run, over the same games and engines: the same kill -9 trials with every replica restarted on Orleans' own
/// membership defaults (<see cref="MembershipTimings.OrleansDefaults"/>). At the end, the engines' own turn counts
/// decide whether any turn was played twice.
/// </summary>
internal static class FailoverBenchmark
{
    private const int ReplicaCount = 3;
    private const string Schedule = "* * * * * *";

    /// <summary>
    /// 60, not the issue's 300: on the 2-core machine a reference engine turning every second takes ~1.7% of a core, so
    /// 300 would need ~5 cores for the engines alone (a first attempt started 67 containers in 3.5 minutes at a CPU
    /// pressure of 96% and was stopped; docs/benchmarks.md).
    /// </summary>
    private const int DefaultGames = 60;

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var gameCount = args.Length > 0 ? int.Parse(args[0]) : DefaultGames;
        var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
        var shards = new GameShards(GameShards.DefaultCount);

        await using var cluster = await ReplicaCluster.StartAsync(ReplicaCount, new Dictionary<string, string>(), cancellationToken);
        Console.WriteLine($"{ReplicaCount} replicas up (Orrery's membership defaults), stack {cluster.Stack}; {Load()}");
        var games = await StartGamesAsync(cluster, gameCount, cancellationToken);
        await SettleAsync(cluster, games, shards, cancellationToken);

        var kills = await TrialsAsync("orrery, kill -9", cluster, games, shards, ReplicaFault.Kill, runs, cancellationToken);
        var pauses = await TrialsAsync("orrery, SIGSTOP", cluster, games, shards, ReplicaFault.Pause, runs, cancellationToken);
        var orreryAudit = await EngineTurnAudit.RunAsync(cluster.Database, cancellationToken);
        orreryAudit.Print("after Orrery's trials");

        var restart = Stopwatch.StartNew();
        await cluster.RestartAllAsync(Membership(MembershipTimings.OrleansDefaults), cancellationToken);
        await SettleAsync(cluster, games, shards, cancellationToken);
        Console.WriteLine($"all replicas restarted on Orleans' membership defaults in {restart.Elapsed.TotalSeconds:0} s; {Load()}");
        var baseline = await TrialsAsync("baseline (Orleans defaults), kill -9", cluster, games, shards, ReplicaFault.Kill, runs, cancellationToken);
        var finalAudit = await EngineTurnAudit.RunAsync(cluster.Database, cancellationToken);
        finalAudit.Print("after all trials");

        FailoverReport.Print(gameCount, runs, kills, pauses, baseline, orreryAudit, finalAudit);
    }

    private static async Task<List<FailoverSample>> TrialsAsync(
        string label, ReplicaCluster cluster, Guid[] games, GameShards shards, ReplicaFault fault, int runs, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{label}: {runs} trials; {Load()}");
        var samples = new List<FailoverSample>();
        for (var i = 0; i < runs; i++)
        {
            samples.Add(await FailoverTrial.RunAsync(cluster, games, shards, fault, cancellationToken));
        }
        Console.WriteLine($"{label}: done; {Load()}");
        return samples;
    }

    /// <summary>Registers and starts the games through the replicas in turn (any replica serves through the owner).</summary>
    private static async Task<Guid[]> StartGamesAsync(ReplicaCluster cluster, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            ids[i] = await cluster.StartGameAsync(cluster.Replicas[i % cluster.Replicas.Count], Schedule, ct);
        });
        Console.WriteLine($"{count} games started on '{Schedule}' in {clock.Elapsed.TotalSeconds:0} s; {Load()}");
        return ids;
    }

    /// <summary>Every shard home, every game turned since, then a few seconds of steady turns.</summary>
    private static async Task SettleAsync(ReplicaCluster cluster, Guid[] games, GameShards shards, CancellationToken cancellationToken)
    {
        await FailoverTrial.WaitUntilHomeAsync(cluster, shards, cancellationToken);
        await FailoverTrial.WaitUntilAllTurnAsync(cluster, games, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var owners = await cluster.Database.ShardOwnersAsync(cancellationToken);
        var perReplica = cluster.Replicas.Select(r => $"replica {r.Index}: {games.Count(g => owners.GetValueOrDefault(shards.ShardOf(g)) == r.SiloPort)}");
        Console.WriteLine($"settled: every shard home, every game turning ({string.Join(", ", perReplica)} games)");
    }

    private static Dictionary<string, string> Membership(MembershipTimings timings) => new()
    {
        [nameof(timings.ProbeTimeout)] = timings.ProbeTimeout.ToString("c"),
        [nameof(timings.NumMissedProbesLimit)] = timings.NumMissedProbesLimit.ToString(),
        [nameof(timings.NumVotesForDeathDeclaration)] = timings.NumVotesForDeathDeclaration.ToString(),
        [nameof(timings.DeathVoteExpirationTimeout)] = timings.DeathVoteExpirationTimeout.ToString("c"),
        [nameof(timings.IAmAliveTablePublishTimeout)] = timings.IAmAliveTablePublishTimeout.ToString("c"),
        [nameof(timings.TableRefreshTimeout)] = timings.TableRefreshTimeout.ToString("c"),
    };

    internal static string Load() => "load average " + string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]);
}
