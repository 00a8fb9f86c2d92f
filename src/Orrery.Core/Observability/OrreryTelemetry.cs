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

    /// <summary>Tagged with <c>op</c> and <c>outcome</c>: <c>requeued</c>, <c>resumed</c> (run again) or <c>interrupted</c>.</summary>
    public static readonly Counter<long> OperationsRecovered =
        Meter.CreateCounter<long>("orrery.operations.recovered", "{operation}",
            "Operations a previous run left unfinished, by what start-up did with them (requeued, resumed, interrupted).");

    public static readonly Histogram<double> OperationDuration =
        Meter.CreateHistogram<double>("orrery.operation.duration", "s", "Time from an operation starting to its final status.");

    public static readonly Counter<long> LobbyEventsPublished =
        Meter.CreateCounter<long>("orrery.lobby_events.published", "{event}", "Entries appended to gm:lobby_events, by event_type.");

    public static readonly Counter<long> LobbyEventsFailed =
        Meter.CreateCounter<long>("orrery.lobby_events.failed", "{event}", "Lobby events that could not be appended, by event_type.");

    /// <summary>Turns that reached an outcome, tagged <c>outcome</c>: <c>played</c>, <c>finished</c> or <c>failed</c>.</summary>
    public static readonly Counter<long> Turns =
        Meter.CreateCounter<long>("orrery.turns", "{turn}", "Turns run by the scheduler, by outcome.");

    /// <summary>How late a scheduled turn began against its cron slot; forced turns are not recorded.</summary>
    public static readonly Histogram<double> TurnLateness =
        Meter.CreateHistogram<double>("orrery.turn.lateness", "s", "Time from a turn's cron slot to the turn beginning.");

    /// <summary>
    /// Slots that came due before their game's turn could begin (the previous turn overran them, or no node ran the
    /// game) and were merged into that turn (SPEC §5: they fire once). Counted up to 1,000 per turn.
    /// </summary>
    public static readonly Counter<long> TurnSlotsMerged =
        Meter.CreateCounter<long>("orrery.turn.slots_merged", "{slot}", "Cron slots merged into a late turn instead of each playing one.");

    public static readonly Histogram<double> TurnDuration =
        Meter.CreateHistogram<double>("orrery.turn.duration", "s", "Time from a turn beginning to its outcome being recorded.");

    public static readonly Counter<long> HealthEventsProduced =
        Meter.CreateCounter<long>("orrery.health_events.produced", "{event}", "Entries the health monitor appended to runtime:health_events, by event_type.");

    /// <summary>Entries acknowledged (applied or skipped for good), tagged <c>consumer</c>: the replica's name in the group (<c>Orrery:HealthConsumer:Consumer</c>).</summary>
    public static readonly Counter<long> HealthEventsConsumed =
        Meter.CreateCounter<long>("orrery.health_events.consumed", "{event}", "Entries of runtime:health_events the consumer acknowledged, by consumer.");

    /// <summary>Entries that could never apply, tagged <c>reason</c>.</summary>
    public static readonly Counter<long> HealthEventsSkipped =
        Meter.CreateCounter<long>("orrery.health_events.skipped", "{event}", "Entries of runtime:health_events skipped, by reason.");

    /// <summary>
    /// What reconcile passes did, one count per game or engine, tagged <c>outcome</c>: <c>adopted</c>, <c>removed</c>,
    /// <c>refreshed</c>, <c>unreachable</c>, <c>missing</c>, <c>skipped</c>, <c>orphan</c> or <c>error</c>.
    /// </summary>
    public static readonly Counter<long> ReconcileOutcomes =
        Meter.CreateCounter<long>("orrery.reconcile.outcomes", "{game}", "Games and engines a reconcile pass dealt with, by outcome.");

    public static readonly Histogram<double> ReconcilePassDuration =
        Meter.CreateHistogram<double>("orrery.reconcile.pass.duration", "s", "Time a reconcile pass took, engine status calls included.");

    /// <summary>Writes a store refused because this node's fence of the game's shard was no longer current (SPEC §10).</summary>
    public static readonly Counter<long> FencesRefused =
        Meter.CreateCounter<long>("orrery.cluster.fences_refused", "{write}", "Writes refused because this node no longer owned the game's shard.");
}
