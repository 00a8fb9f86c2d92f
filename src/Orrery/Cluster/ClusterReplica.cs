using System.Text.Json;
using Orleans.Runtime;

namespace Orrery.Cluster;

/// <summary>A replica as Orleans' membership lists it: its silo address, names, status and times.</summary>
/// <param name="StartedAt">When the silo started; null when only the replica's own view of the membership could be read.</param>
/// <param name="LastAliveAt">When it last wrote that it is alive; null as for <paramref name="StartedAt"/>.</param>
public sealed record ClusterReplica(
    string Address, int Port, int Generation, string Name, string Host, SiloStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? LastAliveAt)
{
    /// <summary>The silo as <see cref="ShardOwner"/> writes it: <c>address:port@generation</c>.</summary>
    public string Silo => $"{Address}:{Port}@{Generation}";

    /// <summary>The status as the API spells it: <c>active</c>, <c>joining</c>, <c>shutting_down</c>, <c>dead</c> ...</summary>
    public string StatusName => JsonNamingPolicy.SnakeCaseLower.ConvertName(Status.ToString());

    public bool IsActive => Status == SiloStatus.Active;

    /// <summary>True when the shard table's <paramref name="owner"/> is this silo (same address, port and generation).</summary>
    public bool Is(ShardOwner owner) => owner.Address == Address && owner.Port == Port && owner.Generation == Generation;

    public bool Is(SiloAddress silo) =>
        silo.Endpoint.Address.ToString() == Address && silo.Endpoint.Port == Port && silo.Generation == Generation;

    public static ClusterReplica From(MembershipEntry entry) => new(
        entry.SiloAddress.Endpoint.Address.ToString(), entry.SiloAddress.Endpoint.Port, entry.SiloAddress.Generation,
        entry.SiloName ?? "", entry.HostName ?? "", entry.Status, Utc(entry.StartTime), Utc(entry.IAmAliveTime));

    public static ClusterReplica From(Orleans.Runtime.ClusterMember member) => new(
        member.SiloAddress.Endpoint.Address.ToString(), member.SiloAddress.Endpoint.Port, member.SiloAddress.Generation,
        member.Name ?? "", "", member.Status, null, null);

    /// <summary>Orleans keeps UTC <see cref="DateTime"/>s; <c>default</c> means never written.</summary>
    private static DateTimeOffset? Utc(DateTime time) =>
        time == default ? null : new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
