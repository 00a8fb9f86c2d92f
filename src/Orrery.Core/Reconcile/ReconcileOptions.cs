namespace Orrery.Reconcile;

/// <summary>Settings of the reconciler (configuration section <c>Orrery:Reconcile</c>, SPEC §7).</summary>
public sealed class ReconcileOptions
{
    public const string Section = "Orrery:Reconcile";

    /// <summary>Pause between periodic passes; the first runs at start-up. Default 60 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop and remove engines of this stack whose game is unknown. Default false: they are only reported.</summary>
    public bool RemoveOrphans { get; set; }

    /// <summary>Engine status calls in flight at once during a pass. Default 16.</summary>
    public int MaxParallelStatusCalls { get; set; } = 16;

    /// <summary>How long one engine status call may take before the engine counts as unreachable. Default 5 s.</summary>
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The deployment's stack (<c>Orrery:Stack</c>, set by the node). An engine labelled with another stack is never
    /// touched, even if a host lists it.
    /// </summary>
    public string Stack { get; set; } = "default";
}
