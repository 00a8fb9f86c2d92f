namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The base of every port's contract suite. An adapter's test class supplies a database that belongs to one
/// test alone; the contracts never see which technology is behind the ports.
/// </summary>
public abstract class StoreContract : IAsyncLifetime
{
    private readonly List<StoreUnderTest> _opened = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Opens every port over this test's own database, without migrating it: a new, empty database on the
    /// first call; the same database on later calls, as a restarted node would open it.
    /// </summary>
    protected abstract Task<StoreUnderTest> OpenDatabaseAsync();

    /// <summary>Removes this test's database; runs once, after every store opened on it is disposed.</summary>
    protected abstract ValueTask DropDatabaseAsync();

    /// <summary>A fresh, migrated, empty database with all ports.</summary>
    protected async Task<StoreUnderTest> CreateStoreAsync()
    {
        var store = await OpenAsync();
        await store.Migrator.MigrateAsync(Ct);
        return store;
    }

    /// <summary>A fresh, migrated database holding one registered game.</summary>
    protected async Task<(StoreUnderTest Store, Games.Game Game)> CreateStoreWithGameAsync()
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

    /// <summary>The ports over this test's database, as they are (migrated or not); disposed after the test.</summary>
    protected async Task<StoreUnderTest> OpenAsync()
    {
        var store = await OpenDatabaseAsync();
        _opened.Add(store);
        return store;
    }

    /// <summary>Closes a store before the test ends, e.g. to reopen its database as a restarted node.</summary>
    protected async Task CloseAsync(StoreUnderTest store)
    {
        _opened.Remove(store);
        await store.DisposeAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }
}
