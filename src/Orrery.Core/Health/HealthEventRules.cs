using Orrery.Runtime;

namespace Orrery.Health;

/// <summary>
/// What a health event does to a runtime record (SPEC §6's consumer table): it always sets the engine health
/// summary, and some events also move the status, but only from the status they expect. An event that finds
/// another status (a turn in progress, a stop) updates the summary alone.
/// </summary>
public static class HealthEventRules
{
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

    /// <summary>The record after <paramref name="healthEvent"/> was applied at <paramref name="now"/>.</summary>
    public static RuntimeRecord Apply(RuntimeRecord current, HealthEvent healthEvent, DateTimeOffset now)
    {
        var type = healthEvent.Type;
        var next = TransitionOf(type) is { } transition && current.Status == transition.From
            ? current.TransitionTo(transition.To, now)
            : current with { UpdatedAt = now };
        return next with
        {
            EngineHealth = SummaryOf(type),
            LastObservedAt = now,
            LastHealthEvent = WireNames<HealthEventType>.Name(type),
            LastHealthEventAt = healthEvent.OccurredAt,
        };
    }
}
