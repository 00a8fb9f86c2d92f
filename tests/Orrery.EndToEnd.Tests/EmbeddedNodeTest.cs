namespace Orrery.EndToEnd.Tests;

/// <summary>
/// A test of one embedded node (the real binary) on a data directory of its own. Whatever the test started is
/// gone afterwards: the node, its client, and every engine process its manifests name.
/// </summary>
/// <param name="name">Names the data directory, for finding a failed test's leftovers.</param>
public abstract class EmbeddedNodeTest(string name) : IAsyncLifetime
{
    private OrreryProcess? _node;
    private NodeClient? _client;

    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory($"orrery-e2e-{name}-").FullName;

    /// <summary>The node under test, once the test started it (itself, or through <see cref="StartNodeAsync"/>).</summary>
    protected OrreryProcess Node
    {
        get => _node ?? throw new InvalidOperationException("The test has not started its node.");
        set => _node = value;
    }

    /// <summary>A client of the node <see cref="StartNodeAsync"/> started last.</summary>
    private protected NodeClient Client => _client ?? throw new InvalidOperationException("The test has not started its node with StartNodeAsync.");

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>Starts the node on this test's data directory with <paramref name="settings"/>, after disposing the previous one (killed or not).</summary>
    protected async Task StartNodeAsync(params string[] settings)
    {
        _client?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        _node = await OrreryProcess.StartAsync(DataDirectory, settings);
        _client = new NodeClient(_node.Url);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }
        // SIGKILL ends engines a test froze with SIGSTOP too.
        EngineManifests.KillAll(DataDirectory);
    }
}
