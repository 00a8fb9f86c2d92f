using System.Collections.Concurrent;
using Orrery.Observability;

namespace Orrery.Cluster;

/// <summary>
/// The shards this process owns now, with the epoch each was taken with: the fences its stores put on every write
/// made on behalf of a game. <see cref="ShardOwnership"/> fills and empties it; a store that finds a fence refused
/// drops it here at once, so nothing more is written under it.
/// </summary>
public sealed class OwnedShards(GameShards shards, OrreryMetrics metrics) : IOwnerFences, IGameOwnership
{
    private readonly ConcurrentDictionary<int, long> _epochs = new();

    /// <summary>Raised when a store refused a fence of a shard: the shard's activation here must end.</summary>
    public event Action<int>? Lost;

    public GameShards Shards => shards;

    public IReadOnlyDictionary<int, long> Epochs => _epochs;

    public bool Owns(Guid gameId) => _epochs.ContainsKey(shards.ShardOf(gameId));

    public bool OwnsUnclaimed => _epochs.ContainsKey(0);

    public OwnerFence For(Guid gameId)
    {
        var shard = shards.ShardOf(gameId);
        return _epochs.TryGetValue(shard, out var epoch)
            ? new OwnerFence(shard, epoch)
            : throw new OwnershipLostException(shard, $"This node does not own game {gameId} (shard {shard}); the request must go to its owner.");
    }

    public OwnerFence ForShard(int shard) =>
        _epochs.TryGetValue(shard, out var epoch)
            ? new OwnerFence(shard, epoch)
            : throw new OwnershipLostException(shard, $"This node does not own shard {shard}; the request must go to its owner.");

    public void Refused(OwnerFence fence)
    {
        // Counted also when the shard was already given up: work that outlived a hand-over was refused, as it must be.
        metrics.FencesRefused.Add(1);
        // Only the epoch that was refused: a newer activation of the same shard here holds a fence of its own.
        if (_epochs.TryRemove(KeyValuePair.Create(fence.Shard, fence.Epoch)))
        {
            Lost?.Invoke(fence.Shard);
        }
    }

    /// <summary>Holds <paramref name="fence"/> from now on (<see cref="ShardOwnership"/> after taking an epoch; rigs that share one process's epochs).</summary>
    public void Hold(OwnerFence fence) => _epochs[fence.Shard] = fence.Epoch;

    /// <summary>Lets <paramref name="shard"/> go; false when it was not held.</summary>
    public bool TryDrop(int shard, out long epoch) => _epochs.TryRemove(shard, out epoch);
}
