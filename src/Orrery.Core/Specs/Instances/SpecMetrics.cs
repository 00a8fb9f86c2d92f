using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Specs.Instances;

/// <summary>The instruments of spec instances, on the <c>Orrery</c> meter of the host's <see cref="IMeterFactory"/>.</summary>
public sealed class SpecMetrics
{
    public SpecMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OrreryTelemetry.Name);
        Deviations = meter.CreateCounter<long>(
            "orrery.specs.deviations", "{deviation}", "Transitions outside an implementation model, by spec and verdict of the equivalence check.");
        TransitionTimeouts = meter.CreateCounter<long>(
            "orrery.specs.transition_timeouts", "{instance}", "Instances found in a state longer than its transition timeout, by spec (once per stay).");
        Pruned = meter.CreateCounter<long>("orrery.specs.pruned", "{instance}", "Idle instances in prunable states deleted, by spec.");
        WriteFailures = meter.CreateCounter<long>("orrery.specs.write_failures", "{batch}", "Shard batches the store refused; the shard re-read its instances.");
        ForwardsDropped = meter.CreateCounter<long>(
            "orrery.specs.forwards_dropped", "{call}", "Posted calls for a shard on another replica given up after every attempt to deliver them, by shard.");
        meter.CreateObservableGauge("orrery.specs.shard.queue.depth", () => QueueDepths(), "{request}", "Requests queued on each spec shard running here, by shard.");
    }

    public Counter<long> Deviations { get; }
    public Counter<long> TransitionTimeouts { get; }
    public Counter<long> Pruned { get; }
    public Counter<long> WriteFailures { get; }
    public Counter<long> ForwardsDropped { get; }

    /// <summary>Set by the shard set: the gauge reads its running shards when observed.</summary>
    internal Func<IEnumerable<Measurement<int>>> QueueDepths { get; set; } = () => [];
}
