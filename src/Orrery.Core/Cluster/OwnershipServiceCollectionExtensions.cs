using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orrery.Observability;

namespace Orrery.Cluster;

public static class OwnershipServiceCollectionExtensions
{
    /// <summary>
    /// Registers this process's <see cref="ShardOwnership"/> as the <see cref="IOwnerFences"/> the stores fence their
    /// writes with and the <see cref="IGameOwnership"/> periodic work keeps to, over <see cref="GameShards"/>
    /// (<see cref="GameShards.DefaultCount"/> unless one is registered). A node's shard grains take its shards; a test rig
    /// or a benchmark without a silo takes them all with <see cref="ShardOwnership.AcquireAllAsync"/> once the store is migrated.
    /// </summary>
    public static IServiceCollection AddShardOwnership(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new GameShards(GameShards.DefaultCount));
        services.TryAddSingleton<OrreryMetrics>();
        // Two types, so that the stores (which need the fences) and the participants (which need the stores) are no cycle.
        services.TryAddSingleton<OwnedShards>();
        services.TryAddSingleton<IOwnerFences>(sp => sp.GetRequiredService<OwnedShards>());
        services.TryAddSingleton<IGameOwnership>(sp => sp.GetRequiredService<OwnedShards>());
        services.TryAddSingleton<ShardOwnership>();
        return services;
    }
}
