using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orrery.Observability;

/// <summary>The one Meter and ActivitySource of Orrery; instruments use dotted names with units.</summary>
public static class OrreryTelemetry
{
    public const string Name = "Orrery";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Operations finished, tagged with <c>op</c> and <c>outcome</c> (succeeded or the error code).</summary>
    public static readonly Counter<long> OperationsCompleted =
        Meter.CreateCounter<long>("orrery.operations.completed", "{operation}", "Lifecycle operations that reached a final status.");

    public static readonly Histogram<double> OperationDuration =
        Meter.CreateHistogram<double>("orrery.operation.duration", "s", "Time from an operation starting to its final status.");
}
