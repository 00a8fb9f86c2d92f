using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orrery.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="GameShards"/> (<see cref="GameShards.DefaultCount"/> unless one is registered) and a
    /// <see cref="SingleNodeOwnerFences"/> as the <see cref="IOwnerFences"/> the stores fence their writes with.
    /// Its shards are taken by <see cref="SingleNodeOwnerFences.AcquireAllAsync"/> once the store is migrated.
    /// Needs an <see cref="IShardLeaseStore"/> (the store adapters register theirs).
    /// </summary>
    public static IServiceCollection AddSingleNodeOwnerFences(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new GameShards(GameShards.DefaultCount));
        services.AddSingleton<SingleNodeOwnerFences>();
        services.AddSingleton<IOwnerFences>(provider => provider.GetRequiredService<SingleNodeOwnerFences>());
        return services;
    }
}
