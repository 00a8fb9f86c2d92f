using Orrery.Cluster;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>game_shards</c> in SQLite's storage types.</summary>
internal sealed class ShardLeaseRow
{
    public long Shard { get; set; }
    public long Epoch { get; set; }
    public string ClusterId { get; set; } = "";
    public string Address { get; set; } = "";
    public long Port { get; set; }
    public long Generation { get; set; }
    public long AcquiredAt { get; set; }

    public ShardLease ToLease() =>
        new((int)Shard, Epoch, new ShardOwner(ClusterId, Address, (int)Port, (int)Generation), SqliteValues.Time(AcquiredAt));
}
