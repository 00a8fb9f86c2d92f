namespace Orrery.Engines;

/// <summary>An engine known to the host.</summary>
/// <param name="Id">The host's id: a container id, or a process engine id.</param>
/// <param name="GameId">From the engine's labels; null when the labels do not name a valid game.</param>
/// <param name="Endpoint">Base URL of the engine's HTTP API.</param>
/// <param name="Stack">From the engine's <c>orrery.stack</c> label; null when the host did not say.</param>
/// <param name="MemoryLimitBytes">The most memory the host lets the engine use; null when it sets no limit.</param>
/// <param name="Network">
/// The network the engine is reached on (SPEC §2): <c>host</c> for an engine on the host's own network (a process, or
/// a container in host mode, on a loopback port), else the Docker network's name; null when the host did not say.
/// </param>
public sealed record EngineInstance(
    string Id,
    Guid? GameId,
    string? EngineVersion,
    Uri Endpoint,
    bool Running,
    DateTimeOffset StartedAt,
    string? Stack = null,
    long? MemoryLimitBytes = null,
    string? Network = null)
{
    /// <summary>The <see cref="Network"/> of an engine on the host's own network.</summary>
    public const string HostNetwork = "host";
}
