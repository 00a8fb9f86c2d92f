namespace Orrery.Health;

/// <summary>What the health monitor observed about an engine (SPEC §6); on the wire in snake_case.</summary>
public enum HealthEventType
{
    ContainerStarted,
    ProbeRecovered,
    ProbeFailed,
    InspectUnhealthy,
    ContainerExited,
    ContainerOom,
    ContainerDisappeared,
}
