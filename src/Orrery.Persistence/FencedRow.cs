using Orrery.Cluster;

namespace Orrery.Persistence;

/// <summary>
/// A row written on behalf of a game: the writer's fence (shard and epoch) travels with it as parameters of the
/// statement, which checks them against the shard table in the same write. Not columns.
/// </summary>
internal abstract class FencedRow<TSelf> where TSelf : FencedRow<TSelf>
{
    // long, as SQLite's compiled statements bind integers; PostgreSQL compares it with the int column as is.
    public long FenceShard { get; set; }

    public long FenceEpoch { get; set; }

    /// <summary>Binds <paramref name="fence"/> as the fence the write checks.</summary>
    public TSelf Fenced(OwnerFence fence)
    {
        FenceShard = fence.Shard;
        FenceEpoch = fence.Epoch;
        return (TSelf)this;
    }
}
