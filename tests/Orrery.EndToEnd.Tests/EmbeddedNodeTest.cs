namespace Orrery.EndToEnd.Tests;

/// <summary>
/// A test of one embedded node (the real binary) on a data directory of its own. Whatever the test started is
/// gone afterwards: the node, and every engine process its manifests name.
/// </summary>
/// <param name="name">Names the data directory, for finding a failed test's leftovers.</param>
public abstract class EmbeddedNodeTest(string name) : IAsyncLifetime
{
    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory($"orrery-e2e-{name}-").FullName;

    /// <summary>The node under test, once the test started it.</summary>
    protected OrreryProcess? Node { get; set; }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }
        EngineManifests.KillAll(DataDirectory);
    }
}
