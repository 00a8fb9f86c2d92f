namespace Orrery.Cluster;

/// <summary>The fences this node holds: which of its writes for a game carry proof of ownership, and with what.</summary>
public interface IOwnerFences
{
    /// <summary>The fence for writes on behalf of <paramref name="gameId"/>.</summary>
    /// <exception cref="OwnershipLostException">This node does not own the game's shard (any longer).</exception>
    OwnerFence For(Guid gameId);

    /// <summary>The fence of game shard <paramref name="shard"/>, for writes on behalf of what runs with it (the spec shards).</summary>
    /// <exception cref="OwnershipLostException">This node does not own the shard (any longer).</exception>
    OwnerFence ForShard(int shard);

    /// <summary>Reports that a store refused a write fenced by <paramref name="fence"/>: the shard was taken over, or this node is no longer an active member.</summary>
    void Refused(OwnerFence fence);
}
