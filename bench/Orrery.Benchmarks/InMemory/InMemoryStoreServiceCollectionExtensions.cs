using Microsoft.Extensions.DependencyInjection;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Benchmarks.InMemory;

internal static class InMemoryStoreServiceCollectionExtensions
{
    /// <summary>
    /// The storage ports a turn touches (runtime records, snapshots, player mappings and stats, the lobby
    /// stream), in memory: the scheduler's own cost without the store's. Games, operations and engine versions
    /// are not registered; nothing on the turn path reads them.
    /// </summary>
    public static IServiceCollection AddInMemoryTurnStore(this IServiceCollection services)
    {
        services.AddSingleton<IRuntimeStore, InMemoryRuntimeStore>();
        services.AddSingleton<IHealthSnapshotStore, InMemoryHealthSnapshotStore>();
        services.AddSingleton<IPlayerMappingStore, InMemoryPlayerMappingStore>();
        services.AddSingleton<IPlayerStatsStore, InMemoryPlayerStatsStore>();
        services.AddSingleton<IEventStream, InMemoryEventStream>();
        return services;
    }
}
