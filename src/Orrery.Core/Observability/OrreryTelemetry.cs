using System.Diagnostics;

namespace Orrery.Observability;

/// <summary>
/// The names Orrery's telemetry goes by, and its one ActivitySource. Instruments live on <see cref="OrreryMetrics"/>
/// and the other metrics classes, on meters of the host's <c>IMeterFactory</c>: a static Meter would pile up
/// every host's instruments in one process (tests run several) and count them together.
/// </summary>
public static class OrreryTelemetry
{
    public const string Name = "Orrery";

    public static readonly ActivitySource ActivitySource = new(Name);
}
