using System.Globalization;

namespace Orrery.Engines.Docker;

/// <summary>Turns a game's <see cref="EngineRunSpec"/> into the container the settings describe (SPEC §7 labels, limits, network).</summary>
internal sealed class EngineContainerTemplate
{
    private readonly DockerEngineHostOptions _options;
    private readonly long _memory;

    public EngineContainerTemplate(DockerEngineHostOptions options)
    {
        _options = options;
        _memory = ByteSize.TryParse(options.Memory, out var memory) ? memory : throw new ArgumentException($"Invalid memory limit '{options.Memory}'.", nameof(options));
    }

    public string NameOf(Guid gameId) => _options.ContainerPrefix + gameId.ToString("D");

    /// <param name="hostPort">The loopback port the engine listens on; only with host networking.</param>
    public (ContainerCreateRequest Request, Uri Endpoint) Describe(EngineRunSpec spec, int? hostPort)
    {
        var environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal)
        {
            [EngineEnvironment.StatePath] = _options.StateMountPath,
        };
        Uri endpoint;
        if (_options.UsesHostNetwork)
        {
            var port = hostPort ?? throw new ArgumentNullException(nameof(hostPort), "Host networking needs a port per engine.");
            endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            environment[EngineEnvironment.Port] = port.ToString(CultureInfo.InvariantCulture);
            environment[EngineEnvironment.AspNetCoreUrls] = endpoint.GetLeftPart(UriPartial.Authority);
        }
        else
        {
            // Reached by container name on the user-defined network: listen on every interface of the container.
            // No ENGINE_PORT: the reference engine binds it on loopback only.
            endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{NameOf(spec.GameId)}:{_options.EnginePort}/"));
            environment[EngineEnvironment.AspNetCoreUrls] = string.Create(CultureInfo.InvariantCulture, $"http://+:{_options.EnginePort}");
        }

        var labels = new Dictionary<string, string>(EngineLabels.For(_options.Stack, spec.GameId, spec.EngineVersion), StringComparer.Ordinal)
        {
            [DockerLabels.Endpoint] = endpoint.AbsoluteUri,
        };
        var hostConfig = new HostConfig(
            Mounts: [new Mount("bind", spec.StateDirectory, _options.StateMountPath, ReadOnly: false)],
            NetworkMode: _options.Network,
            Memory: _memory,
            // Swap equal to memory: no swap, so an engine over its limit is OOM-killed rather than slowed to a crawl.
            MemorySwap: _memory,
            NanoCpus: (long)Math.Round(_options.Cpus * 1_000_000_000),
            PidsLimit: _options.PidsLimit,
            LogConfig: string.IsNullOrEmpty(_options.LogDriver) ? null : new LogConfig(_options.LogDriver, new Dictionary<string, string>(_options.LogOptions)),
            // Orrery restarts engines itself (restart, patch, reconcile); a daemon restart policy would fight it.
            RestartPolicy: new RestartPolicy("no"));
        var request = new ContainerCreateRequest(
            spec.ImageRef,
            environment.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal).ToList(),
            labels,
            hostConfig,
            string.IsNullOrEmpty(_options.User) ? UnixIdentity.Current : _options.User);
        return (request, endpoint);
    }
}
