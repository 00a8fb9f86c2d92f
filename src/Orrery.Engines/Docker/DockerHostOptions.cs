namespace Orrery.Engines.Docker;

/// <summary>One Docker daemon of several (<c>Orrery:Docker:Hosts:&lt;n&gt;</c>, SPEC §10).</summary>
public sealed class DockerHostOptions
{
    /// <summary>
    /// The host's name in the engine hosts view and in the engine ids of the games placed on it
    /// (<c>&lt;name&gt;/&lt;container id&gt;</c>): keep it once games run there. Default <c>docker-&lt;n&gt;</c>.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>The daemon's socket, <c>unix:///path/docker.sock</c>. Required.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Engines of this stack it may run at once; 0: no limit. Default <c>Orrery:EngineCapacity</c>.</summary>
    public int? Capacity { get; set; }
}
