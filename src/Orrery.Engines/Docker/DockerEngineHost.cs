using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Errors;

namespace Orrery.Engines.Docker;

/// <summary>
/// Runs engines as Docker containers (production node), one per game, named <c>&lt;prefix&gt;&lt;game uuid&gt;</c> and
/// labelled per SPEC §7. The daemon is the only record: a restarted Orrery lists the containers of its stack by
/// label and carries on. Engine ids are container ids; ids of other stacks' containers read as unknown.
/// </summary>
internal sealed partial class DockerEngineHost : IEngineHost, IDisposable
{
    private readonly DockerEngineHostOptions _options;
    private readonly ImagePullPolicy _pullPolicy;
    private readonly EngineContainerTemplate _template;
    private readonly DockerApiClient _docker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>The label filter that selects this stack's engines and nothing else.</summary>
    private readonly IReadOnlyDictionary<string, string> _ownLabels;

    /// <param name="meters">The host's meters, for the Docker calls' durations; tests and tools that build a host alone pass none.</param>
    public DockerEngineHost(
        IOptions<DockerEngineHostOptions> options, TimeProvider time, ILogger<DockerEngineHost> logger, IMeterFactory? meters = null)
    {
        _options = options.Value;
        // Also validated here: tests and tools build the host without the options pipeline.
        if (new DockerEngineHostOptionsValidator().Validate(null, _options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(nameof(DockerEngineHostOptions), typeof(DockerEngineHostOptions), invalid.Failures);
        }
        ImagePullPolicies.TryParse(_options.PullPolicy, out _pullPolicy);
        _template = new EngineContainerTemplate(_options);
        _docker = new DockerApiClient(_options.Endpoint, _options.RequestTimeout, meters is null ? null : new DockerTelemetry(meters));
        _time = time;
        _logger = logger;
        Info = new EngineHostInfo(EngineHostKinds.Docker, _options.Endpoint);
        _ownLabels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EngineLabels.Managed] = "1",
            [EngineLabels.Stack] = _options.Stack,
        };
    }

    public EngineHostInfo Info { get; }

    public async Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) =>
        new((await _docker.GetInfoAsync(cancellationToken)).MemTotal is > 0 and var total ? total : null);

    public async Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken)
    {
        var name = _template.NameOf(spec.GameId);
        try
        {
            await EnsureImageAsync(spec.ImageRef, cancellationToken);
            await RemovePreviousAsync(name, spec.GameId, cancellationToken);
            var (request, endpoint) = _template.Describe(spec, _options.UsesHostNetwork ? LoopbackPort.Allocate() : null);
            var created = await CreateAsync(name, request, spec, cancellationToken);

            // From here on a container exists: a cancelled start would leave it behind, created but never started.
            var container = await StartAsync(created.Id, spec, CancellationToken.None);
            Log.Started(_logger, container.Id, spec.GameId, name, endpoint, spec.ImageRef);
            return ToInstance(container);
        }
        catch (DockerApiException ex)
        {
            throw new OrreryException(ErrorCodes.EngineStartFailed, $"Could not start the engine container for game {spec.GameId}: {ex.Message}", ex);
        }
    }

    public async Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(engineId, cancellationToken) is not { State.Running: true } container)
        {
            return;
        }
        Log.Stopping(_logger, container.Id, GameIdOf(container), grace);
        var started = _time.GetTimestamp();
        try
        {
            await _docker.StopContainerAsync(container.Id, grace, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            // Removed meanwhile: stopped all the same.
            return;
        }
        // Docker escalates to SIGKILL itself and does not say so: a stop that took the whole grace period and
        // ended in 137 (128 + SIGKILL) is an engine that ignored SIGTERM, which an operator wants to know.
        if (_time.GetElapsedTime(started) >= grace
            && await _docker.TryInspectContainerAsync(container.Id, cancellationToken) is { State: { Running: false, ExitCode: 137 } })
        {
            Log.Killed(_logger, container.Id, GameIdOf(container), grace);
        }
    }

    public async Task RemoveAsync(string engineId, CancellationToken cancellationToken)
    {
        if (await FindOwnAsync(engineId, cancellationToken) is not { } container)
        {
            return;
        }
        try
        {
            // Force: a running engine is killed first, as the port promises (the caller stops it gracefully before).
            await _docker.RemoveContainerAsync(container.Id, force: true, cancellationToken);
            Log.Removed(_logger, container.Id, GameIdOf(container));
        }
        catch (DockerNotFoundException)
        {
        }
        catch (DockerConflictException)
        {
            // "removal already in progress": another caller is removing it.
        }
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var summaries = await _docker.ListContainersAsync(_ownLabels, cancellationToken);
        // The listing has no start time: inspect each (the client bounds how many at once). A container removed
        // in between is simply no longer there.
        var inspected = await Task.WhenAll(summaries.Select(s => _docker.TryInspectContainerAsync(s.Id, cancellationToken)));
        return inspected.OfType<ContainerInspectResponse>().Where(IsOwn).Select(ToInstance).ToList();
    }

    /// <summary>One listing call: the summaries carry the game label, and only start times need an inspect.</summary>
    public async Task<IReadOnlyCollection<Guid>> ListRunningGamesAsync(CancellationToken cancellationToken) =>
        [.. (await _docker.ListRunningContainersAsync(_ownLabels, cancellationToken))
            .Select(c => c.Labels?.GetValueOrDefault(EngineLabels.GameId))
            .Select(label => Guid.TryParse(label, out var gameId) ? gameId : (Guid?)null)
            .OfType<Guid>()
            .Distinct()];

    public async Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) =>
        await FindOwnAsync(engineId, cancellationToken) is { } container ? ToInspection(container) : null;

    public void Dispose() => _docker.Dispose();

    private async Task<ContainerInspectResponse?> FindOwnAsync(string engineId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(engineId))
        {
            return null;
        }
        return await _docker.TryInspectContainerAsync(engineId, cancellationToken) is { } container && IsOwn(container) ? container : null;
    }

    private bool IsOwn(ContainerInspectResponse container) =>
        container.Config.Labels is { } labels && _ownLabels.All(own => labels.TryGetValue(own.Key, out var value) && value == own.Value);
}
