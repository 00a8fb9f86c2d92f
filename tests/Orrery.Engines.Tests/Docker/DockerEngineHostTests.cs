using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Docker;
using Orrery.Engines.Tests.Contract;
using Orrery.Tests.Shared;

namespace Orrery.Engines.Tests.Docker;

/// <summary>The engine host contract against a real dockerd running the real reference engine image.</summary>
public sealed partial class DockerEngineHostTests : EngineHostContract
{
    /// <summary>Nothing listens on port 1: a pull from this registry fails at once, with no network needed.</summary>
    private const string UnreachableRegistry = "127.0.0.1:1";

    private readonly DockerApiClient _docker;

    public DockerEngineHostTests()
    {
        Endpoint = TestServers.Docker;
        ReferenceImageRef = TestServers.EngineImage;
        _docker = new DockerApiClient(Endpoint, TimeSpan.FromSeconds(30));
    }

    private string Endpoint { get; }

    /// <summary>Unique per test class instance, so a failed test's leftovers never block the next run.</summary>
    private string ContainerPrefix { get; } = "orrery-test-" + Guid.NewGuid().ToString("N")[..6] + "-";

    protected override string ReferenceImageRef { get; }

    protected override string UnavailableImageRef => $"{UnreachableRegistry}/orrery-test/no-such-engine:0";

    protected override string SigtermIgnoringImageRef => DockerTestImages.IgnoresSigterm;

    protected override IEngineHost CreateHost(string stack) => CreateDockerHost(stack);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await DockerTestImages.EnsureAsync(Endpoint, Ct);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Safety net under the contract's own teardown, which knows only the stacks of NewHost: whatever
        // container carries this test's stacks goes.
        foreach (var stack in new[] { Stack, Stack + "-other" })
        {
            var labels = new Dictionary<string, string> { [EngineLabels.Managed] = "1", [EngineLabels.Stack] = stack };
            foreach (var container in await _docker.ListContainersAsync(labels, CancellationToken.None))
            {
                await _docker.RemoveContainerAsync(container.Id, force: true, CancellationToken.None);
            }
        }
        _docker.Dispose();
    }

    protected override Task KillAbruptlyAsync(EngineInstance engine) => _docker.KillContainerAsync(engine.Id, "KILL", Ct);

    /// <summary>Straight from the daemon, past the host's label checks: no container, or one that is not running.</summary>
    protected override async Task<bool> IsGoneAsync(EngineInstance engine) =>
        await _docker.TryInspectContainerAsync(engine.Id, Ct) is not { State.Running: true };

    private DockerEngineHost CreateDockerHost(string stack, Action<DockerEngineHostOptions>? configure = null)
    {
        var options = new DockerEngineHostOptions
        {
            Endpoint = Endpoint,
            Stack = stack,
            ContainerPrefix = ContainerPrefix,
            // The engines of the contract are small; a tight limit also keeps a runaway test from hurting the machine.
            Memory = "256m",
            Cpus = 1,
            PidsLimit = 256,
            LogDriver = "json-file",
            LogOptions = { ["max-size"] = "1m" },
        };
        configure?.Invoke(options);
        return new DockerEngineHost(Options.Create(options), TimeProvider.System, NullLogger<DockerEngineHost>.Instance);
    }
}
