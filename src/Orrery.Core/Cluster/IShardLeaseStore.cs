namespace Orrery.Cluster;

/// <summary>The shard table: each shard's current owner epoch. The store half of fencing.</summary>
public interface IShardLeaseStore
{
    /// <summary>
    /// Takes the next epoch of <paramref name="shard"/> for <paramref name="owner"/> (the first is 1), which makes every
    /// fence of an earlier epoch fail. Where the store checks membership, only an Active member may take one.
    /// </summary>
    /// <exception cref="OwnershipLostException"><paramref name="owner"/> is not an Active member of the cluster.</exception>
    Task<long> AcquireAsync(int shard, ShardOwner owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every shard that was ever taken, with its current epoch and owner.</summary>
    Task<IReadOnlyList<ShardLease>> ListAsync(CancellationToken cancellationToken);

    /// <summary>True while <paramref name="fence"/> is the shard's current epoch (and its owner an Active member, where checked).</summary>
    Task<bool> HoldsAsync(OwnerFence fence, CancellationToken cancellationToken);
}
