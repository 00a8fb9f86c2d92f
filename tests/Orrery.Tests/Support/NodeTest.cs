namespace Orrery.Tests.Support;

/// <summary>A test class with its own in-memory node, started before each test and disposed after it.</summary>
public abstract class NodeTest : IAsyncLifetime
{
    private protected NodeHarness Node { get; private set; } = null!;
    private protected HttpClient Client { get; private set; } = null!;

    /// <summary>Extra settings (command-line style) for the node.</summary>
    private protected virtual IEnumerable<string> Settings => [];

    public async ValueTask InitializeAsync()
    {
        Node = await NodeHarness.StartAsync(Settings);
        Client = Node.CreateClient();
    }

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
