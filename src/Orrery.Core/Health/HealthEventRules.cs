using Orrery.Runtime;

namespace Orrery.Health;

/// <summary>
/// What a health event means for a runtime record (SPEC §6's consumer table): the engine health summary it sets,
/// and the status change it asks for, taken only from the status it expects (an event that finds another status,
/// a turn in progress or a stop, updates the summary alone). <see cref="RuntimeChanges.ApplyHealthEvent"/> applies it.
/// </summary>
public static class HealthEventRules
{
    /// <summary>
    /// The event names an engine other than the record's current one (SPEC §6): a late <c>container_exited</c> of a
    /// replaced engine says nothing about its successor. An event that names no engine is about the current one.
    /// </summary>
    public static bool IsStale(RuntimeRecord current, HealthEvent healthEvent) =>
        healthEvent.ContainerId is { } engineId && !string.Equals(engineId, current.EngineId, StringComparison.Ordinal);

    public static string SummaryOf(HealthEventType type) => type switch
    {
        HealthEventType.ContainerStarted or HealthEventType.ProbeRecovered => EngineHealthSummaries.Healthy,
        HealthEventType.ProbeFailed => EngineHealthSummaries.ProbeFailed,
        HealthEventType.InspectUnhealthy => EngineHealthSummaries.InspectUnhealthy,
        HealthEventType.ContainerExited => EngineHealthSummaries.Exited,
        HealthEventType.ContainerOom => EngineHealthSummaries.Oom,
        HealthEventType.ContainerDisappeared => EngineHealthSummaries.Disappeared,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The status change an event asks for, as (from, to); null when it changes only the summary.</summary>
    public static (RuntimeStatus From, RuntimeStatus To)? TransitionOf(HealthEventType type) => type switch
    {
        HealthEventType.ProbeRecovered => (RuntimeStatus.EngineUnreachable, RuntimeStatus.Running),
        HealthEventType.ContainerExited or HealthEventType.ContainerOom or HealthEventType.ContainerDisappeared =>
            (RuntimeStatus.Running, RuntimeStatus.EngineUnreachable),
        _ => null,
    };
}
