using System.Collections.Concurrent;
using Orrery.Cluster;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The fences of the node under test: real epochs, taken in the store's own shard table through its
/// <see cref="IShardLeaseStore"/>, so a fenced write passes only while the table says this node holds the shard.
/// Few shards, so a test takes them all in a few statements. Remembers every refusal a store reported.
/// </summary>
public sealed class TestOwnerFences : IOwnerFences
{
    /// <summary>The node under test as the shard table records it.</summary>
    public static readonly ShardOwner Owner = new("orrery-test", "127.0.0.1", 11111, 1);

    private readonly ConcurrentDictionary<int, long> _epochs = new();
    private readonly ConcurrentQueue<OwnerFence> _refused = new();

    public GameShards Shards { get; } = new(4);

    /// <summary>Every fence a store reported refused, in order.</summary>
    public IReadOnlyList<OwnerFence> RefusedFences => [.. _refused];

    /// <summary>Takes the next epoch of every shard for <paramref name="owner"/> (default <see cref="Owner"/>) and holds it.</summary>
    public async Task AcquireAllAsync(IShardLeaseStore leases, CancellationToken cancellationToken, ShardOwner? owner = null)
    {
        foreach (var shard in Shards.All)
        {
            _epochs[shard] = await leases.AcquireAsync(shard, owner ?? Owner, DateTimeOffset.UtcNow, cancellationToken);
        }
    }

    public OwnerFence For(Guid gameId) => ForShard(Shards.ShardOf(gameId));

    public OwnerFence ForShard(int shard) =>
        _epochs.TryGetValue(shard, out var epoch)
            ? new OwnerFence(shard, epoch)
            : throw new OwnershipLostException(shard, $"The test node holds no epoch of shard {shard}.");

    public void Refused(OwnerFence fence) => _refused.Enqueue(fence);
}
