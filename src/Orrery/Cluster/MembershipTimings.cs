namespace Orrery.Cluster;

/// <summary>
/// How fast a dead or hung replica is noticed (Orleans' ClusterMembershipOptions, bound from
/// <c>Orrery:Cluster:Membership</c>). The defaults declared a killed replica dead in 1.2-2.4 s and a hung one in about
/// 3 s on a 2-core machine; Orleans' own defaults take about 10 s (docs/decisions.md).
/// </summary>
public sealed class MembershipTimings
{
    /// <summary>Time a probe of another replica may take. Default 1 s (Orleans: 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a replica is suspected. Default 3.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Suspicions it takes to declare a replica dead. Default 2 (1 when fewer replicas run).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>How long a suspicion counts. Default 10 s (Orleans: 2 min).</summary>
    public TimeSpan DeathVoteExpirationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a replica writes that it is alive. Default 5 s (Orleans: 30 s).</summary>
    public TimeSpan IAmAliveTablePublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a replica re-reads the membership table. Default 5 s (Orleans: 60 s).</summary>
    public TimeSpan TableRefreshTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Orleans' own defaults: the failover benchmark's baseline.</summary>
    public static MembershipTimings OrleansDefaults => new()
    {
        ProbeTimeout = TimeSpan.FromSeconds(5),
        NumMissedProbesLimit = 3,
        NumVotesForDeathDeclaration = 2,
        DeathVoteExpirationTimeout = TimeSpan.FromMinutes(2),
        IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30),
        TableRefreshTimeout = TimeSpan.FromSeconds(60),
    };

    internal IEnumerable<string> Problems()
    {
        if (ProbeTimeout <= TimeSpan.Zero) yield return "Orrery:Cluster:Membership:ProbeTimeout must be positive.";
        if (NumMissedProbesLimit < 1) yield return "Orrery:Cluster:Membership:NumMissedProbesLimit must be at least 1.";
        if (NumVotesForDeathDeclaration < 1) yield return "Orrery:Cluster:Membership:NumVotesForDeathDeclaration must be at least 1.";
        if (DeathVoteExpirationTimeout <= TimeSpan.Zero) yield return "Orrery:Cluster:Membership:DeathVoteExpirationTimeout must be positive.";
        if (IAmAliveTablePublishTimeout <= TimeSpan.Zero) yield return "Orrery:Cluster:Membership:IAmAliveTablePublishTimeout must be positive.";
        if (TableRefreshTimeout <= TimeSpan.Zero) yield return "Orrery:Cluster:Membership:TableRefreshTimeout must be positive.";
    }
}
