using Orrery.Cluster;
using Orrery.Sessions;
using Orrery.Specs.Instances;
using Orrery.Storage;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>Every storage port of one adapter, opened over one database.</summary>
/// <param name="Leases">The shard table the stores fence their writes against.</param>
/// <param name="Fences">The fences every write on behalf of a game carries: this test's node, shared by every open of the database.</param>
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
    IShardLeaseStore Leases,
    ISessionPoolStore LivePools,
    ISpecInstanceStore SpecInstances,
    TestOwnerFences Fences,
    IAsyncDisposable Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
