using System.Net;

namespace Orrery.Cluster;

/// <summary>
/// Cluster settings, bound from <c>Orrery:Cluster</c> (environment: <c>Orrery__Cluster__Enabled</c> ...). Every node runs
/// Orleans: with <see cref="Enabled"/> false it is a one-replica cluster on localhost clustering (no server needed),
/// with it true the replicas find each other through Orleans' membership table in PostgreSQL.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Orrery:Cluster";

    /// <summary>False (default): a cluster of this node alone (Orleans localhost clustering). True: membership in PostgreSQL.</summary>
    public bool Enabled { get; set; }

    /// <summary>The cluster's name; replicas with the same id over the same database form one cluster. Default <c>orrery</c>.</summary>
    public string ClusterId { get; set; } = "orrery";

    /// <summary>Silo-to-silo port on <see cref="AdvertisedIp"/>. Default 11111 in cluster mode; 0: a free loopback port (the default alone).</summary>
    public int? SiloPort { get; set; }

    /// <summary>Orleans' client gateway port. Default 0: none (Orrery's replicas talk to each other as silos; no outside client connects).</summary>
    public int GatewayPort { get; set; }

    /// <summary>The address other replicas reach this one at. Default 127.0.0.1.</summary>
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    /// <summary>
    /// Virtual shards games are spread over (<see cref="GameShards"/>); fixed for the life of a cluster's database, every
    /// replica must use the same number. Default 64.
    /// </summary>
    public int Shards { get; set; } = GameShards.DefaultCount;

    /// <summary>How often the keeper on every replica makes sure every shard is active somewhere. Default 2 s.</summary>
    public TimeSpan KeeperInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Membership timings (Orleans' ClusterMembershipOptions); the defaults were measured on a 2-core machine (docs/decisions.md).</summary>
    public MembershipTimings Membership { get; set; } = new();

    internal IPAddress AdvertisedAddress => IPAddress.Parse(AdvertisedIp);

    /// <summary>Every problem with the settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ClusterId) || ClusterId.Length > 150)
        {
            problems.Add("Orrery:Cluster:ClusterId must be 1 to 150 characters.");
        }
        if (SiloPort is < 0 or > 65535)
        {
            problems.Add($"Orrery:Cluster:SiloPort is {SiloPort}; it is a TCP port (1 to 65535), or 0 for a free one.");
        }
        if (GatewayPort is < 0 or > 65535)
        {
            problems.Add($"Orrery:Cluster:GatewayPort is {GatewayPort}; it is a TCP port, or 0 for none.");
        }
        if (!IPAddress.TryParse(AdvertisedIp, out _))
        {
            problems.Add($"Orrery:Cluster:AdvertisedIp '{AdvertisedIp}' is not an IP address.");
        }
        if (Shards is < 1 or > 4096)
        {
            problems.Add($"Orrery:Cluster:Shards is {Shards}; it is 1 to 4096.");
        }
        if (KeeperInterval <= TimeSpan.Zero)
        {
            problems.Add("Orrery:Cluster:KeeperInterval must be positive.");
        }
        problems.AddRange(Membership.Problems());
        return problems;
    }
}
