using Orrery.Settings;

namespace Orrery.Engines.Docker;

/// <summary>Settings of the Docker engine host (production node), bound from <c>Orrery:Docker</c>.</summary>
public sealed class DockerEngineHostOptions
{
    public const string Section = "Orrery:Docker";

    /// <summary>The <see cref="Network"/> value that runs engines on the host's network, each on its own loopback port.</summary>
    public const string HostNetwork = "host";

    /// <summary>
    /// The daemon's socket, <c>unix:///path/docker.sock</c>, when the node drives one daemon (named <c>docker</c>, with
    /// <c>Orrery:EngineCapacity</c> as its capacity). Default: <c>DOCKER_HOST</c>, else <c>unix:///var/run/docker.sock</c>.
    /// Unused when <see cref="Hosts"/> lists any.
    /// </summary>
    public string Endpoint { get; set; } = DockerEndpoint.Default();

    /// <summary>
    /// Several daemons, each with a name and a capacity (SPEC §10): a new engine goes to the one with the most room. Empty
    /// (default): the one daemon at <see cref="Endpoint"/>. Every other setting here applies to all of them.
    /// </summary>
    public IList<DockerHostOptions> Hosts { get; set; } = [];

    /// <summary>The deployment's stack label (<c>Orrery:Stack</c>); a host lists and touches only its own stack's containers.</summary>
    public string Stack { get; set; } = "default";

    /// <summary>Container names are this prefix plus the game's UUID. Give stacks sharing a daemon different prefixes.</summary>
    public string ContainerPrefix { get; set; } = "orrery-game-";

    /// <summary>
    /// <c>host</c> (default): engines share the host's network and listen on a free 127.0.0.1 port each, so Orrery
    /// must run on the same machine. Any other value names a user-defined Docker network: engines listen on
    /// <see cref="EnginePort"/> and are reached by container name through Docker's DNS, so Orrery must be attached
    /// to that network too.
    /// </summary>
    public string Network { get; set; } = HostNetwork;

    /// <summary>The port engines listen on inside a user-defined network (unused with host networking). Default 8080.</summary>
    public int EnginePort { get; set; } = 8080;

    /// <summary>Where the game's state directory is mounted in the container; the engine's <c>GAME_STATE_PATH</c>.</summary>
    public string StateMountPath { get; set; } = "/var/lib/orrery/game";

    /// <summary>CPU quota in CPUs (<c>docker run --cpus</c>), e.g. 0.5. 0: no quota. Default 1.</summary>
    public double Cpus { get; set; } = 1;

    /// <summary>Memory limit (<c>docker run --memory</c>: bytes or <c>k m g</c>), swap included. <c>0</c>: no limit. Default <c>512m</c>.</summary>
    public string Memory { get; set; } = "512m";

    /// <summary>Most processes and threads an engine may have (<c>--pids-limit</c>). 0: no limit. Default 512.</summary>
    public long PidsLimit { get; set; } = 512;

    /// <summary>Log driver of engine containers (<c>--log-driver</c>); empty: the daemon's default.</summary>
    public string LogDriver { get; set; } = "";

    /// <summary>Options of <see cref="LogDriver"/> (<c>--log-opt</c>), e.g. <c>max-size=10m</c>, <c>max-file=3</c>.</summary>
    [Secret] // log drivers take tokens (splunk-token, ...)
    public IDictionary<string, string> LogOptions { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary><c>if_missing</c> (default), <c>always</c> or <c>never</c>. Pulls carry no registry credentials.</summary>
    public string PullPolicy { get; set; } = ImagePullPolicies.IfMissing;

    /// <summary>
    /// The user engines run as (<c>uid[:gid]</c>, or a name the image knows). Empty (default): Orrery's own uid:gid,
    /// since the state directories are Orrery's with mode 0750.
    /// </summary>
    public string User { get; set; } = "";

    /// <summary>Extra environment for every engine; the contract variables (<c>GAME_STATE_PATH</c>, <c>ENGINE_PORT</c>, <c>ASPNETCORE_URLS</c>) are the host's.</summary>
    [Secret] // values handed to engines may be credentials
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>One call to the daemon (a stop also gets its grace period on top). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One image pull. Default 10 min.</summary>
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromMinutes(10);

    internal bool UsesHostNetwork => string.Equals(Network, HostNetwork, StringComparison.Ordinal);

    /// <summary>The name of the one daemon at <see cref="Endpoint"/> when <see cref="Hosts"/> is empty.</summary>
    public const string SingleHostName = EngineHostKinds.Docker;

    /// <summary>The daemons to drive, named, in order: <see cref="Hosts"/>, or the one at <see cref="Endpoint"/>.</summary>
    /// <param name="defaultCapacity">The capacity of a daemon that sets none (<c>Orrery:EngineCapacity</c>; 0: no limit).</param>
    internal IReadOnlyList<DockerHostOptions> EffectiveHosts(int defaultCapacity) => Hosts.Count == 0
        ? [new DockerHostOptions { Name = SingleHostName, Endpoint = Endpoint, Capacity = defaultCapacity }]
        : [.. Hosts.Select((h, i) => new DockerHostOptions { Name = NameOf(h, i), Endpoint = h.Endpoint, Capacity = h.Capacity ?? defaultCapacity })];

    internal static string NameOf(DockerHostOptions host, int index) =>
        string.IsNullOrWhiteSpace(host.Name) ? $"docker-{index}" : host.Name;

    /// <summary>These settings for one daemon of <see cref="Hosts"/>.</summary>
    internal DockerEngineHostOptions ForEndpoint(string endpoint)
    {
        var copy = (DockerEngineHostOptions)MemberwiseClone();
        copy.Endpoint = endpoint;
        copy.Hosts = [];
        return copy;
    }
}
