using System.Diagnostics.Metrics;

namespace Orrery.Observability;

/// <summary>
/// Orrery's instruments, on the <c>Orrery</c> meter of the host's <see cref="IMeterFactory"/> (one per host, disposed
/// with it); instruments use dotted names with units.
/// </summary>
public sealed class OrreryMetrics
{
    private readonly Meter _meter;

    public OrreryMetrics(IMeterFactory meters)
    {
        var meter = _meter = meters.Create(OrreryTelemetry.Name);
        OperationsCompleted = meter.CreateCounter<long>("orrery.operations.completed", "{operation}", "Lifecycle operations that reached a final status.");
        OperationsRecovered = meter.CreateCounter<long>("orrery.operations.recovered", "{operation}", "Operations a previous run left unfinished, by what start-up did with them (requeued, resumed, interrupted).");
        OperationDuration = meter.CreateHistogram<double>("orrery.operation.duration", "s", "Time from an operation starting to its final status.");
        LobbyEventsPublished = meter.CreateCounter<long>("orrery.lobby_events.published", "{event}", "Entries appended to gm:lobby_events, by event_type.");
        LobbyEventsFailed = meter.CreateCounter<long>("orrery.lobby_events.failed", "{event}", "Lobby events that could not be appended, by event_type.");
        Turns = meter.CreateCounter<long>("orrery.turns", "{turn}", "Turns run by the scheduler, by outcome.");
        TurnLateness = meter.CreateHistogram<double>("orrery.turn.lateness", "s", "Time from a turn's cron slot to the turn beginning.");
        TurnSlotsMerged = meter.CreateCounter<long>("orrery.turn.slots_merged", "{slot}", "Cron slots merged into a late turn instead of each playing one.");
        TurnDuration = meter.CreateHistogram<double>("orrery.turn.duration", "s", "Time from a turn beginning to its outcome being recorded.");
        HealthEventsProduced = meter.CreateCounter<long>("orrery.health_events.produced", "{event}", "Entries the health monitor appended to runtime:health_events, by event_type.");
        HealthEventsConsumed = meter.CreateCounter<long>("orrery.health_events.consumed", "{event}", "Entries of runtime:health_events the consumer acknowledged, by consumer.");
        HealthEventsSkipped = meter.CreateCounter<long>("orrery.health_events.skipped", "{event}", "Entries of runtime:health_events skipped, by reason.");
        ReconcileOutcomes = meter.CreateCounter<long>("orrery.reconcile.outcomes", "{game}", "Games and engines a reconcile pass dealt with, by outcome.");
        ReconcilePassDuration = meter.CreateHistogram<double>("orrery.reconcile.pass.duration", "s", "Time a reconcile pass took, engine status calls included.");
        FencesRefused = meter.CreateCounter<long>("orrery.cluster.fences_refused", "{write}", "Writes refused because this node no longer owned the game's shard.");
    }

    /// <summary>Operations finished, tagged with <c>op</c> and <c>outcome</c> (succeeded or the error code).</summary>
    public Counter<long> OperationsCompleted { get; }

    /// <summary>Tagged with <c>op</c> and <c>outcome</c>: <c>requeued</c>, <c>resumed</c> (run again) or <c>interrupted</c>.</summary>
    public Counter<long> OperationsRecovered { get; }

    public Histogram<double> OperationDuration { get; }

    public Counter<long> LobbyEventsPublished { get; }

    public Counter<long> LobbyEventsFailed { get; }

    /// <summary>Turns that reached an outcome, tagged <c>outcome</c>: <c>played</c>, <c>finished</c> or <c>failed</c>.</summary>
    public Counter<long> Turns { get; }

    /// <summary>How late a scheduled turn began against its cron slot; forced turns are not recorded.</summary>
    public Histogram<double> TurnLateness { get; }

    /// <summary>
    /// Slots that came due before their game's turn could begin (the previous turn overran them, or no node ran the
    /// game) and were merged into that turn (SPEC §5: they fire once). Counted up to 1,000 per turn.
    /// </summary>
    public Counter<long> TurnSlotsMerged { get; }

    public Histogram<double> TurnDuration { get; }

    public Counter<long> HealthEventsProduced { get; }

    /// <summary>Entries acknowledged (applied or skipped for good), tagged <c>consumer</c>: the replica's name in the group (<c>Orrery:HealthConsumer:Consumer</c>).</summary>
    public Counter<long> HealthEventsConsumed { get; }

    /// <summary>Entries that could never apply, tagged <c>reason</c>.</summary>
    public Counter<long> HealthEventsSkipped { get; }

    /// <summary>
    /// What reconcile passes did, one count per game or engine, tagged <c>outcome</c>: <c>adopted</c>, <c>removed</c>,
    /// <c>refreshed</c>, <c>unreachable</c>, <c>missing</c>, <c>skipped</c>, <c>orphan</c> or <c>error</c>.
    /// </summary>
    public Counter<long> ReconcileOutcomes { get; }

    public Histogram<double> ReconcilePassDuration { get; }

    /// <summary>Writes a store refused because this node's fence of the game's shard was no longer current (SPEC §10).</summary>
    public Counter<long> FencesRefused { get; }

    /// <summary>A gauge read when observed, for values only their owner can read (queue depth, shards owned).</summary>
    public ObservableGauge<int> CreateGauge(string name, Func<int> observe, string unit, string description) =>
        _meter.CreateObservableGauge(name, observe, unit, description);
}
