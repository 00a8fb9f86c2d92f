using System.Collections.Concurrent;

namespace Orrery.Cluster;

/// <summary>
/// The fences of a node that owns every shard: it takes each shard's next epoch once, at start, and holds them
/// until a store refuses one (another node took the shard since). The default until a cluster's ownership
/// registry, which takes and gives up shards as their grains activate and deactivate, replaces it.
/// </summary>
public sealed class SingleNodeOwnerFences(GameShards shards) : IOwnerFences
{
    private readonly ConcurrentDictionary<int, long> _epochs = new();

    /// <summary>Takes the next epoch of every shard for <paramref name="owner"/>: every fence held elsewhere stops holding.</summary>
    /// <exception cref="OwnershipLostException"><paramref name="owner"/> is not an Active member, where the store checks membership.</exception>
    public async Task AcquireAllAsync(IShardLeaseStore leases, ShardOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var shard in shards.All)
        {
            Hold(new OwnerFence(shard, await leases.AcquireAsync(shard, owner, now, cancellationToken)));
        }
    }

    /// <summary>Holds <paramref name="fence"/> from now on (an epoch taken elsewhere, e.g. by a process sharing this node's ownership).</summary>
    public void Hold(OwnerFence fence) => _epochs[fence.Shard] = fence.Epoch;

    public OwnerFence For(Guid gameId)
    {
        var shard = shards.ShardOf(gameId);
        return _epochs.TryGetValue(shard, out var epoch)
            ? new OwnerFence(shard, epoch)
            : throw new OwnershipLostException(shard, $"This node does not hold shard {shard} of game {gameId}.");
    }

    /// <summary>Lets the shard go, unless a newer epoch was taken meanwhile: later writes for its games fail at once.</summary>
    public void Refused(OwnerFence fence) => _epochs.TryRemove(KeyValuePair.Create(fence.Shard, fence.Epoch));
}
