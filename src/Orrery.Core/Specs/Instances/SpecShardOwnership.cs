using Orrery.Cluster;

namespace Orrery.Specs.Instances;

/// <summary>
/// Runs a spec shard where the game shard of the same number is owned (spec shard i with game shard i modulo their
/// count): the cluster's ownership places the spec shards too, one owner each, moved on failover, and fenced like
/// games (each shard's writes carry the game shard's fence). A single node owns every game shard, so it runs every
/// spec shard. Calls for a shard that runs elsewhere are forwarded to it (<see cref="ISpecShardForwarder"/>).
/// </summary>
public sealed class SpecShardOwnership(SpecShards shards, SpecLoading loading, GameShards gameShards, IOwnerFences fences) : IShardParticipant
{
    public async Task AcquiredAsync(ShardSet owned, CancellationToken cancellationToken)
    {
        await loading.EnsureLoadedAsync(cancellationToken);
        await Task.WhenAll(Matching(owned).Select(i => StartAsync(i, cancellationToken)));
    }

    public Task ReleasedAsync(ShardSet released, CancellationToken cancellationToken) =>
        Task.WhenAll(Matching(released).Select(i => shards.StopAsync(i, cancellationToken)));

    /// <summary>The game shard spec shard <paramref name="specShard"/> runs with.</summary>
    public static int GameShardOf(int specShard, GameShards gameShards) => specShard % gameShards.Count;

    private async Task StartAsync(int specShard, CancellationToken cancellationToken)
    {
        OwnerFence fence;
        try
        {
            fence = fences.ForShard(GameShardOf(specShard, gameShards));
        }
        catch (OwnershipLostException)
        {
            return; // lost again before it was handed over: its new owner starts it
        }
        await shards.StartAsync(specShard, fence, cancellationToken);
    }

    private IEnumerable<int> Matching(ShardSet set) => Enumerable.Range(0, shards.Count).Where(i => set.Contains(GameShardOf(i, gameShards)));
}
