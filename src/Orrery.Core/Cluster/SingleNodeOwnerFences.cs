using System.Collections.Concurrent;

namespace Orrery.Cluster;

/// <summary>
/// The fences of a node that owns every shard: it takes each shard's next epoch once, at start, and holds them
/// until a store refuses one (another node took the shard since). The default until a cluster's ownership
/// registry, which takes and gives up shards as their grains activate and deactivate, replaces it.
/// </summary>
public sealed class SingleNodeOwnerFences(GameShards shards, IShardLeaseStore leases, TimeProvider time) : IOwnerFences
{
    /// <summary>
    /// This node as the shard table records it: no Orleans silo, so the host name and the start time (seconds
    /// since 2022, as Orleans counts generations) stand for its address and generation.
    /// </summary>
    public static readonly ShardOwner LocalOwner = new("orrery-single-node", Environment.MachineName, 0,
        (int)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));

    private readonly ConcurrentDictionary<int, long> _epochs = new();

    /// <summary>
    /// Takes the next epoch of every shard for <see cref="LocalOwner"/>: fences held elsewhere stop holding. Run it
    /// after the store is migrated and before anything writes.
    /// </summary>
    public async Task AcquireAllAsync(CancellationToken cancellationToken)
    {
        foreach (var shard in shards.All)
        {
            Hold(new OwnerFence(shard, await leases.AcquireAsync(shard, LocalOwner, time.GetUtcNow(), cancellationToken)));
        }
    }

    /// <summary>Holds <paramref name="fence"/> from now on: an epoch taken elsewhere, by a process that shares this node's ownership.</summary>
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
