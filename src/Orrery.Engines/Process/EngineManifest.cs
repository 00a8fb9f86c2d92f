namespace Orrery.Engines.Process;

/// <summary>
/// What the process host remembers about one engine, on disk, so that a restarted Orrery (or a second
/// host over the same directory) can find, check and stop engines it did not start.
/// </summary>
/// <param name="Pid">The engine's own pid (the launcher shell execs into it).</param>
/// <param name="ProcessStartTime">
/// Field 22 of <c>/proc/&lt;pid&gt;/stat</c> (clock ticks since boot): a pid alone may have been reused by an
/// unrelated process after the engine died; pid plus start time names one process for the life of the machine.
/// </param>
internal sealed record EngineManifest(
    string EngineId,
    Guid GameId,
    string EngineVersion,
    string ImageRef,
    int Pid,
    ulong ProcessStartTime,
    int Port,
    Uri Endpoint,
    string Stack,
    IReadOnlyDictionary<string, string> Labels,
    DateTimeOffset StartedAt,
    string StateDirectory,
    string LogFile);
