namespace Orrery.Engines.Docker;

/// <summary>Labels the Docker host adds to those of SPEC §7 (<see cref="EngineLabels"/>).</summary>
internal static class DockerLabels
{
    /// <summary>
    /// The engine's base URL. With host networking the port is chosen at start and appears nowhere else a listing
    /// shows, so a restarted Orrery reads it back from here.
    /// </summary>
    public const string Endpoint = "orrery.endpoint";
}
