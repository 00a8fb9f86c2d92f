using Orrery.Health;

namespace Orrery.Cluster;

/// <summary>Forwards health events through the game's shard grain, so they are applied on the game's owner.</summary>
internal sealed class GrainHealthEventForwarder(IGrainFactory grains, GameShards shards) : IHealthEventForwarder
{
    public async Task ForwardAsync(Guid gameId, IReadOnlyList<HealthEventEntry> events, CancellationToken cancellationToken) =>
        (await grains.GetGrain<IGameShardGrain>(shards.ShardOf(gameId)).ApplyHealthEventsAsync(gameId, [.. events], cancellationToken)).Unwrap();
}
