namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The base of every contract suite. An adapter's test class supplies a backing store (a database, a Redis
/// keyspace) that belongs to one test alone; the contracts talk only to the ports over it.
/// </summary>
/// <typeparam name="TUnderTest">The ports over one open connection to that store, released when disposed.</typeparam>
public abstract class AdapterContract<TUnderTest> : IAsyncLifetime where TUnderTest : IAsyncDisposable
{
    private readonly List<TUnderTest> _opened = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Opens the ports over this test's own store: a new, empty store on the first call; the same store on later
    /// calls, as a restarted node (or a second process) would open it.
    /// </summary>
    protected abstract Task<TUnderTest> OpenDatabaseAsync();

    /// <summary>Removes this test's store; runs once, after everything opened on it is disposed.</summary>
    protected abstract ValueTask DropDatabaseAsync();

    /// <summary>The ports over this test's store; disposed after the test.</summary>
    protected async Task<TUnderTest> OpenAsync()
    {
        var opened = await OpenDatabaseAsync();
        _opened.Add(opened);
        return opened;
    }

    /// <summary>Closes the ports before the test ends, e.g. to reopen the store as a restarted node.</summary>
    protected async Task CloseAsync(TUnderTest opened)
    {
        _opened.Remove(opened);
        await opened.DisposeAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var opened in _opened)
        {
            await opened.DisposeAsync();
        }
        await DropDatabaseAsync();
        GC.SuppressFinalize(this);
    }
}
