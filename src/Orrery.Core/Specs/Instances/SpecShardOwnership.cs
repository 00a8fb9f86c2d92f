using Orrery.Cluster;

namespace Orrery.Specs.Instances;

/// <summary>
/// Runs a spec shard where the game shard of the same number is owned (spec shard i with game shard i modulo their
/// count): the cluster's ownership places the spec shards too, one owner each, moved on failover; a single node owns
/// every game shard, so it runs every spec shard. Requests for a shard that runs elsewhere are refused
/// (<c>not_owner</c>), posted steps are dropped and logged.
/// </summary>
public sealed class SpecShardOwnership(SpecShards shards, SpecLoading loading, GameShards gameShards) : IShardParticipant
{
    public async Task AcquiredAsync(ShardSet owned, CancellationToken cancellationToken)
    {
        await loading.EnsureLoadedAsync(cancellationToken);
        await Task.WhenAll(Matching(owned).Select(i => shards.StartAsync(i, cancellationToken)));
    }

    public Task ReleasedAsync(ShardSet released, CancellationToken cancellationToken) =>
        Task.WhenAll(Matching(released).Select(i => shards.StopAsync(i, cancellationToken)));

    private IEnumerable<int> Matching(ShardSet set) => Enumerable.Range(0, shards.Count).Where(i => set.Contains(i % gameShards.Count));
}
