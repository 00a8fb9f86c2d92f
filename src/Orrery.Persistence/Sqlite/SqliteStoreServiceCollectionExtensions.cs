using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orrery.Cluster;
using Orrery.Sessions;
using Orrery.Specs.Instances;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Persistence.Sqlite;

public static class SqliteStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every storage port and the event log over one SQLite database file (embedded mode). The file and its directory
    /// are created on first use; run <see cref="IStoreMigrator"/> before serving. Writes on behalf of a game are
    /// fenced: the stores take each game's fence from the <see cref="IOwnerFences"/> the caller registers (the node
    /// registers its ownership).
    /// </summary>
    /// <param name="databasePath">The database file, e.g. <c>orrery-data/orrery.db</c>; relative to the current directory.</param>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);

        services.TryAddSingleton(TimeProvider.System);
        // One instance per process: it owns the write gate that keeps this process's writers from colliding.
        services.AddSingleton(_ => new SqliteDatabase(databasePath));
        services.AddSingleton<IStoreMigrator, SqliteStoreMigrator>();
        services.AddSingleton<IGameStore, SqliteGameStore>();
        services.AddSingleton<IEngineVersionStore, SqliteEngineVersionStore>();
        services.AddSingleton<IRuntimeStore, SqliteRuntimeStore>();
        services.AddSingleton<IPlayerMappingStore, SqlitePlayerMappingStore>();
        services.AddSingleton<IHealthSnapshotStore, SqliteHealthSnapshotStore>();
        services.AddSingleton<IOperationStore, SqliteOperationStore>();
        services.AddSingleton<IPlayerStatsStore, SqlitePlayerStatsStore>();
        services.AddSingleton<IShardLeaseStore, SqliteShardLeaseStore>();
        services.AddSingleton<ISessionPoolStore, SqliteSessionPoolStore>();
        services.AddSingleton<ISpecInstanceStore, SqliteSpecInstanceStore>();
        services.AddSingleton<IEventStream, SqliteEventStream>();
        return services;
    }
}
