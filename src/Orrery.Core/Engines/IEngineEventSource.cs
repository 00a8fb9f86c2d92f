namespace Orrery.Engines;

/// <summary>
/// An engine host that tells, as it happens, that an engine of its stack changed state (Docker's event stream:
/// an exit, an OOM kill, a removal). Optional: hosts without it are only inspected on the monitor's interval.
/// </summary>
public interface IEngineEventSource
{
    /// <summary>
    /// Changes from now on, until the token fires or the source's connection ends (the caller watches again;
    /// the periodic inspection covers anything missed in between).
    /// </summary>
    IAsyncEnumerable<EngineEvent> WatchAsync(CancellationToken cancellationToken);
}

/// <summary>Something happened to a game's engine; an inspection tells what it means now.</summary>
/// <param name="Action">The host's word for it (<c>die</c>, <c>oom</c>, <c>destroy</c>), for logs.</param>
public sealed record EngineEvent(Guid GameId, string EngineId, string Action);
