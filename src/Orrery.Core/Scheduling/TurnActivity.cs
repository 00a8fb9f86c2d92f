using System.Diagnostics;
using System.Globalization;
using Orrery.Observability;

namespace Orrery.Scheduling;

/// <summary>
/// The trace of one turn: an <c>orrery.turn</c> activity from the moment the turn began to its recorded outcome,
/// tagged with the game, the turn's number and the cron slot it plays. Metrics say how late turns are; the trace
/// says which game played which slot, so a missed or doubled slot can be found (bench/TurnWindow counts by it).
/// </summary>
public static class TurnActivity
{
    public const string Name = "orrery.turn";
    public const string GameIdTag = "orrery.game_id";
    /// <summary>The number of the turn being generated (the record's current turn + 1).</summary>
    public const string NumberTag = "orrery.turn.number";
    /// <summary>The cron slot in ISO 8601 (round-trip) form; absent for forced and resumed turns.</summary>
    public const string SlotTag = "orrery.turn.slot";
    /// <summary>Later slots already due when the turn began, merged into it; absent when none.</summary>
    public const string SlotsMergedTag = "orrery.turn.slots_merged";
    /// <summary><c>played</c>, <c>finished</c> or <c>failed</c>.</summary>
    public const string OutcomeTag = "orrery.turn.outcome";

    /// <summary>Null unless something listens: a turn costs nothing extra when nobody traces.</summary>
    public static Activity? Start(BegunTurn turn)
    {
        var activity = OrreryTelemetry.ActivitySource.StartActivity(
            Name, ActivityKind.Internal, parentContext: default, startTime: turn.Record.StatusChangedAt);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(GameIdTag, turn.Record.GameId.ToString());
            activity.SetTag(NumberTag, turn.Record.CurrentTurn + 1);
            if (turn.Slot is { } slot)
            {
                activity.SetTag(SlotTag, slot.ToString("O", CultureInfo.InvariantCulture));
            }
            if (turn.SlotsMerged > 0)
            {
                activity.SetTag(SlotsMergedTag, turn.SlotsMerged);
            }
        }
        return activity;
    }

    public static void Ended(Activity? activity, TurnOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }
        var name = outcome.Result switch
        {
            TurnResult.Played => "played",
            TurnResult.Finished => "finished",
            _ => "failed",
        };
        activity.SetTag(OutcomeTag, name);
        if (outcome.Result == TurnResult.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, "generation_failed");
        }
    }

    /// <summary>The turn's outcome could not be recorded (the store failed, or the game changed meanwhile).</summary>
    public static void Broke(Activity? activity, Exception exception) =>
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);

    /// <summary>The slot a stopped <see cref="Name"/> activity played, or null for a forced or resumed turn.</summary>
    public static DateTimeOffset? SlotOf(Activity activity) =>
        activity.GetTagItem(SlotTag) is string slot
            ? DateTimeOffset.Parse(slot, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
            : null;
}
