using Orrery.Games;
using Orrery.Runtime;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The base of the storage ports' contract suites: <see cref="AdapterContract{TUnderTest}.OpenDatabaseAsync"/>
/// opens every port over the test's database without migrating it.
/// </summary>
public abstract class StoreContract : AdapterContract<StoreUnderTest>
{
    /// <summary>A fresh, migrated, empty database with all ports, its node holding every shard.</summary>
    protected async Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = await OpenAsync();
        await store.Migrator.MigrateAsync(Ct);
        await store.Fences.AcquireAllAsync(store.Leases, Ct);
        return store;
    }

    /// <summary>A fresh, migrated database holding one registered game.</summary>
    protected async Task<(StoreUnderTest Store, Game Game)> CreateStoreWithGameAsync()
    {
        var store = await CreateStoreAsync();
        var game = TestData.Game();
        await store.Games.UpsertAsync(game, Ct);
        return (store, game);
    }

    protected async Task<(StoreUnderTest Store, Guid GameId)> CreateStoreWithGameIdAsync()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        return (store, game.Id);
    }

    /// <summary>A fresh, migrated database holding <paramref name="count"/> games, each with a new runtime record (version 1).</summary>
    protected async Task<(StoreUnderTest Store, List<RuntimeRecord> Runtimes)> CreateStoreWithRuntimesAsync(int count)
    {
        var store = await CreateStoreAsync();
        var runtimes = new List<RuntimeRecord>();
        for (var i = 0; i < count; i++)
        {
            var game = TestData.Game();
            await store.Games.UpsertAsync(game, Ct);
            runtimes.Add((await store.Runtimes.TryInsertAsync(TestData.NewRuntime(game.Id), Ct))!);
        }
        return (store, runtimes);
    }
}
