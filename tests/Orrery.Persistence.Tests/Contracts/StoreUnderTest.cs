using Orrery.Storage;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>Every storage port of one adapter, opened over one database.</summary>
/// <param name="Owner">Releases the adapter's connections when the test is done with this store.</param>
public sealed record StoreUnderTest(
    IStoreMigrator Migrator,
    IGameStore Games,
    IEngineVersionStore Versions,
    IRuntimeStore Runtimes,
    IPlayerMappingStore Mappings,
    IHealthSnapshotStore Snapshots,
    IOperationStore Operations,
    IPlayerStatsStore Stats,
    IAsyncDisposable Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
