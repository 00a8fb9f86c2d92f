namespace Orrery.Lifecycle;

/// <summary>Settings of the lifecycle workers (configuration section <c>Orrery:Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Orrery:Lifecycle";

    /// <summary>Operations run at the same time (each on a different game). Default 4.</summary>
    public int Workers { get; set; } = 4;

    /// <summary>Operations accepted but not yet finished; beyond it requests get <c>queue_full</c>. Default 1,000.</summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>How long a stopping engine may take before it is killed. Default 10 s.</summary>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a new engine has to answer <c>/healthz</c>. Default 30 s.</summary>
    public TimeSpan HealthzDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one <c>/healthz</c> probe while starting. Default 1 s.</summary>
    public TimeSpan HealthzProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between <c>/healthz</c> probes during <see cref="HealthzFastPhase"/>. Default 25 ms.</summary>
    public TimeSpan HealthzFastProbeInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long after launch probes use <see cref="HealthzFastProbeInterval"/>. Default 2 s.</summary>
    public TimeSpan HealthzFastPhase { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause between <c>/healthz</c> probes after the fast phase. Default 200 ms.</summary>
    public TimeSpan HealthzProbeInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a stopping node lets the operations in flight finish before leaving them to the next start.
    /// The host's shutdown timeout is raised to fit it. Default 20 s.
    /// </summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The Retry-After a <c>queue_full</c> rejection suggests. Default 5 s.</summary>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
