using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.EngineHosts;

namespace Orrery.Engines.Docker;

/// <summary>
/// The Docker daemons a node drives (<c>Orrery:Docker:Hosts</c>, or the one <c>Orrery:Docker:Endpoint</c>), one
/// <see cref="DockerEngineHost"/> each, as the node's <see cref="EngineHostFleet"/>. Owns the hosts' connections.
/// </summary>
internal sealed class DockerEngineHosts : IDisposable
{
    private readonly List<DockerEngineHost> _hosts = [];

    public DockerEngineHosts(
        IOptions<DockerEngineHostOptions> options, IOptions<EngineCapacityOptions> capacity, TimeProvider time, ILoggerFactory loggers,
        IMeterFactory meters)
    {
        var settings = options.Value;
        var members = new List<EngineHostMember>();
        foreach (var host in settings.EffectiveHosts(capacity.Value.Capacity))
        {
            var engineHost = new DockerEngineHost(Options.Create(settings.ForEndpoint(host.Endpoint)), time, loggers.CreateLogger<DockerEngineHost>(), meters);
            _hosts.Add(engineHost);
            members.Add(new EngineHostMember(host.Name!, engineHost, host.Capacity is > 0 and var limit ? limit : null));
        }
        Fleet = new EngineHostFleet(members);
    }

    public EngineHostFleet Fleet { get; }

    public void Dispose() => _hosts.ForEach(h => h.Dispose());
}
