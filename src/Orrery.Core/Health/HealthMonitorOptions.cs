namespace Orrery.Health;

/// <summary>Settings of the health monitor (configuration section <c>Orrery:Health</c>), SPEC §6's defaults.</summary>
public sealed class HealthMonitorOptions
{
    public const string Section = "Orrery:Health";

    /// <summary>How often every engine's <c>/healthz</c> is probed. Default 15 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one probe may take. Default 2 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive failed probes that make a <c>probe_failed</c>. Default 3.</summary>
    public int FailuresBeforeProbeFailed { get; set; } = 3;

    /// <summary>How often every engine is inspected on its host. Default 30 s.</summary>
    public TimeSpan InspectInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Probes or inspections in flight at once. Default 32.</summary>
    public int MaxParallelChecks { get; set; } = 32;

    /// <summary>About how many entries <c>runtime:health_events</c> keeps. Default 100,000.</summary>
    public long StreamMaxLength { get; set; } = 100_000;
}
