using Orrery.Cluster;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>game_shards</c>.</summary>
internal sealed class ShardLeaseRow
{
    public int Shard { get; set; }
    public long Epoch { get; set; }
    public string ClusterId { get; set; } = "";
    public string Address { get; set; } = "";
    public int Port { get; set; }
    public int Generation { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }

    public ShardLease ToLease() => new(Shard, Epoch, new ShardOwner(ClusterId, Address, Port, Generation), AcquiredAt);
}
