namespace Orrery.Cluster;

/// <summary>
/// Proof that this node owns a game's shard: the epoch the shard's activation took. Stores check it in the same
/// statement as the write it guards, so a node that lost the shard (a newer epoch was taken, or it was declared
/// dead) writes nothing.
/// </summary>
public readonly record struct OwnerFence(int Shard, long Epoch);
