using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Http;
using Orrery.Engines.Tests.Support;

namespace Orrery.Engines.Tests.Contract;

/// <summary>
/// The contract every <see cref="IEngineHost"/> passes against the real thing (SPEC §1): real engines, real
/// processes or containers, no mocks. Subclasses supply the host and the few things only they know how to do
/// (kill an engine abruptly, tell that it is really gone); nothing here is specific to one host.
/// Every test gets a fresh instance, its own stack label and its own state root, and tears down every engine.
/// </summary>
public abstract partial class EngineHostContract : IAsyncLifetime
{
    private readonly TempDirectory _stateRoot = new();
    private readonly HashSet<string> _stacks = [];
    private readonly List<IEngineHost> _hosts = [];
    private readonly FileSystemStateDirectories _stateDirectories;

    protected EngineHostContract()
    {
        _stateDirectories = new FileSystemStateDirectories(Options.Create(new StateDirectoriesOptions { RootDirectory = _stateRoot.Path }));
        Client = new HttpEngineClient(Options.Create(new EngineClientOptions()), NullLogger<HttpEngineClient>.Instance);
    }

    /// <summary>This test's stack: unique, so tests never see each other's engines even on a shared host.</summary>
    protected string Stack { get; } = "contract-" + Guid.NewGuid().ToString("N")[..8];

    internal HttpEngineClient Client { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new host instance for <paramref name="stack"/> over the same backing store and machine as every other one of this test.</summary>
    protected abstract IEngineHost CreateHost(string stack);

    /// <summary>The image ref of the bundled reference engine.</summary>
    protected abstract string ReferenceImageRef { get; }

    /// <summary>An image ref that names nothing runnable.</summary>
    protected abstract string UnavailableImageRef { get; }

    /// <summary>An engine that ignores SIGTERM and, once it does, creates a file named <c>ready</c> in its state directory.</summary>
    protected abstract string SigtermIgnoringImageRef { get; }

    /// <summary>Kills the engine without warning (SIGKILL), behind the host's back.</summary>
    protected abstract Task KillAbruptlyAsync(EngineInstance engine);

    /// <summary>Asks the operating system (not the host) whether the engine is really gone.</summary>
    protected abstract Task<bool> IsGoneAsync(EngineInstance engine);

    /// <summary>Called after every engine a test starts, while the host still knows it.</summary>
    protected virtual Task OnStartedAsync(EngineInstance engine) => Task.CompletedTask;

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        // Engines outlive their host by design, so a test that fails half-way would leak them: stop them all.
        foreach (var stack in _stacks)
        {
            var host = CreateHost(stack);
            _hosts.Add(host);
            foreach (var engine in await host.ListAsync(CancellationToken.None))
            {
                await host.StopAsync(engine.Id, TimeSpan.Zero, CancellationToken.None);
                await host.RemoveAsync(engine.Id, CancellationToken.None);
            }
        }
        foreach (var host in _hosts.OfType<IDisposable>())
        {
            host.Dispose();
        }
        Client.Dispose();
        _stateRoot.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A host of this test's stack (or of <paramref name="stack"/>), torn down with the test.</summary>
    protected IEngineHost NewHost(string? stack = null)
    {
        stack ??= Stack;
        _stacks.Add(stack);
        var host = CreateHost(stack);
        _hosts.Add(host);
        return host;
    }

    protected async Task<EngineRunSpec> SpecAsync(Guid? gameId = null, string? imageRef = null)
    {
        var id = gameId ?? Guid.NewGuid();
        var stateDirectory = await _stateDirectories.EnsureAsync(id, Ct);
        return new EngineRunSpec(id, "1.2.3", imageRef ?? ReferenceImageRef, stateDirectory);
    }

    /// <summary>Runs an engine and lets the subclass note what it needs to check on it later (e.g. its pid).</summary>
    protected async Task<EngineInstance> StartAsync(IEngineHost host, EngineRunSpec spec)
    {
        var engine = await host.RunAsync(spec, Ct);
        await OnStartedAsync(engine);
        return engine;
    }

    protected async Task<EngineInstance> RunHealthyAsync(IEngineHost host, EngineRunSpec spec)
    {
        var engine = await StartAsync(host, spec);
        await EngineReadiness.WaitUntilHealthyAsync(Client, engine.Endpoint, Ct);
        return engine;
    }

    protected Task<EngineState> InitAsync(EngineInstance engine, Guid gameId, params string[] races) =>
        Client.InitAsync(engine.Endpoint, new EngineInitRequest(gameId, races.Select(r => new EngineInitRace(r, Guid.NewGuid())).ToList()), Ct);

    protected Task<bool> EventuallyGoneAsync(EngineInstance engine) =>
        EngineReadiness.EventuallyAsync(() => IsGoneAsync(engine), TimeSpan.FromSeconds(10), Ct);
}
