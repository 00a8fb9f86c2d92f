namespace Orrery.Engines;

/// <summary>What the host can tell about one engine beyond its listing.</summary>
public sealed record EngineInspection(
    string Id,
    bool Running,
    int? ExitCode,
    bool OomKilled,
    int RestartCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);
