using Microsoft.Extensions.DependencyInjection.Extensions;
using Orrery.Cluster;

namespace Orrery.Hosting;

public static class OwnershipServiceCollectionExtensions
{
    /// <summary>
    /// The one place the node says who owns its games: the shards (<see cref="GameShards"/>) and the
    /// <see cref="IOwnerFences"/> every store fences its writes with. Today a single node owns every shard
    /// (<see cref="SingleNodeOwnerFences"/>, taken at start by <see cref="SingleNodeShardLeases"/>); the cluster's
    /// ownership registry replaces these registrations. Call it right after the store initializer, so the shards
    /// are taken after the migration and before any other hosted service writes.
    /// </summary>
    public static IServiceCollection AddSingleNodeOwnership(this IServiceCollection services)
    {
        services.TryAddSingleton(new GameShards(GameShards.DefaultCount));
        services.AddSingleton<SingleNodeOwnerFences>();
        services.AddSingleton<IOwnerFences>(provider => provider.GetRequiredService<SingleNodeOwnerFences>());
        services.AddHostedService<SingleNodeShardLeases>();
        return services;
    }
}
