namespace Orrery.Engines;

/// <summary>What the host can tell about one engine beyond its listing.</summary>
/// <param name="HealthCheck">The runtime's own health check of the engine (a Docker image's <c>HEALTHCHECK</c>); null when it has none.</param>
public sealed record EngineInspection(
    string Id,
    bool Running,
    int? ExitCode,
    bool OomKilled,
    int RestartCount,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    EngineHealthCheck? HealthCheck = null);

/// <summary>The state of a runtime health check, as Docker reports it.</summary>
/// <param name="Status"><c>starting</c>, <c>healthy</c> or <c>unhealthy</c>.</param>
/// <param name="FailingStreak">Checks failed in a row.</param>
/// <param name="LastOutput">What the last check printed (or why it could not run), if anything.</param>
public sealed record EngineHealthCheck(string Status, int FailingStreak, string? LastOutput)
{
    public const string Unhealthy = "unhealthy";

    public bool IsUnhealthy => Status == Unhealthy;
}
