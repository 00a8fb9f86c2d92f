using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Sessions;

/// <summary>The instruments of live sessions, on the <c>Orrery</c> meter of the host's <see cref="IMeterFactory"/>.</summary>
public sealed class LiveMetrics
{
    public LiveMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(OrreryTelemetry.Name);
        SessionStarts = meter.CreateCounter<long>("orrery.live.session.starts", "{session}", "Live sessions started (restarts included).");
        StartFailures = meter.CreateCounter<long>("orrery.live.session.start_failures", "{session}", "Live session starts that failed and were rolled back.");
        SlowStarts = meter.CreateCounter<long>("orrery.live.session.slow_starts", "{session}", "Live session starts slower than Orrery:Live:SlowStartThreshold.");
        MessagesSent = meter.CreateCounter<long>("orrery.live.messages.sent", "{message}", "Messages handed to live connections' send queues.");
        SubscribersDropped = meter.CreateCounter<long>("orrery.live.subscribers.dropped", "{connection}", "Live connections closed because they fell behind (1013).");
        PoolRestarts = meter.CreateCounter<long>("orrery.live.pool.restarts", "{pool}", "Session pools restarted after a crash.");
        meter.CreateObservableGauge("orrery.live.sessions", () => Sessions(), "{session}", "Live sessions running on this node.");
        meter.CreateObservableGauge("orrery.live.pools", () => Pools(), "{pool}", "Session pools running on this node.");
        meter.CreateObservableGauge("orrery.live.pool.mailbox.depth", () => MailboxDepths(), "{item}", "Work items queued in each session pool's mailbox, by pool.");
    }

    public Counter<long> SessionStarts { get; }
    public Counter<long> StartFailures { get; }
    public Counter<long> SlowStarts { get; }
    public Counter<long> MessagesSent { get; }
    public Counter<long> SubscribersDropped { get; }
    public Counter<long> PoolRestarts { get; }

    /// <summary>Set by the supervisor: the gauges read its pools when observed.</summary>
    internal Func<int> Sessions { get; set; } = () => 0;

    internal Func<int> Pools { get; set; } = () => 0;

    internal Func<IEnumerable<Measurement<int>>> MailboxDepths { get; set; } = () => [];
}
