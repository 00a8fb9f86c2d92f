using System.Collections.Concurrent;
using System.Diagnostics;
using Orrery.Observability;
using Orrery.Scheduling;

namespace Orrery.Benchmarks;

/// <summary>
/// Every turn the node plays, from its <c>orrery.turn</c> traces: which game, which turn number, which cron slot.
/// Counting turns against the slot they began for (not by the records' current turn at the window's edges) tells
/// a turn of the slot just before the window that ended inside it from a second turn for one slot.
/// </summary>
internal sealed class SlotLedger : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<TracedTurn> _turns = new();

    public SlotLedger()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrreryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Name == TurnActivity.Name ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.OperationName == TurnActivity.Name)
                {
                    _turns.Enqueue(new TracedTurn(
                        Guid.Parse((string)activity.GetTagItem(TurnActivity.GameIdTag)!),
                        (int)activity.GetTagItem(TurnActivity.NumberTag)!,
                        TurnActivity.SlotOf(activity),
                        activity.GetTagItem(TurnActivity.OutcomeTag) as string,
                        activity.StartTimeUtc,
                        activity.StartTimeUtc + activity.Duration));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>
    /// Per game, each cron slot s with <paramref name="start"/> &lt; s &lt;= <paramref name="end"/> should have exactly
    /// one turn that began for it; turns of other slots, forced and resumed turns do not count.
    /// </summary>
    public SlotAccount Account(IReadOnlyDictionary<Guid, string> schedules, DateTimeOffset start, DateTimeOffset end)
    {
        var slotsBySchedule = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var turnsByGame = _turns.ToLookup(t => t.GameId);
        long slots = 0, begun = 0, missed = 0, doubled = 0, failed = 0, numbersRepeated = 0;
        var gamesOff = 0;
        foreach (var (gameId, schedule) in schedules)
        {
            if (!slotsBySchedule.TryGetValue(schedule, out var expected))
            {
                slotsBySchedule[schedule] = expected = SlotsBetween(schedule, start, end);
            }
            var turns = turnsByGame[gameId].ToList();
            var perSlot = turns.Where(t => t.Slot > start && t.Slot <= end).CountBy(t => t.Slot!.Value).ToDictionary();
            var gameMissed = expected.Count(slot => !perSlot.ContainsKey(slot));
            var gameDoubled = perSlot.Values.Sum(count => count - 1);

            slots += expected.Count;
            begun += perSlot.Values.Sum();
            missed += gameMissed;
            doubled += gameDoubled;
            gamesOff += gameMissed + gameDoubled > 0 ? 1 : 0;
            failed += turns.Count(t => t.Slot > start && t.Slot <= end && t.Outcome is not ("played" or "finished"));
            // A turn number generated twice would be a doubled turn whatever slot it was for.
            numbersRepeated += turns.Where(t => t.Outcome is "played" or "finished").CountBy(t => t.Number).Sum(n => n.Value - 1);
        }
        return new SlotAccount(slots, begun, missed, doubled, gamesOff, failed, numbersRepeated);
    }

    /// <summary>Cron slots s with <paramref name="start"/> &lt; s &lt;= <paramref name="end"/>.</summary>
    public static List<DateTimeOffset> SlotsBetween(string schedule, DateTimeOffset start, DateTimeOffset end)
    {
        var slots = new List<DateTimeOffset>();
        for (var slot = TurnSlots.Next(schedule, start); slot <= end; slot = TurnSlots.Next(schedule, slot!.Value))
        {
            slots.Add(slot!.Value);
        }
        return slots;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Every turn traced, one line each, for a second look at a window's figures.</summary>
    public async Task WriteCsvAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var lines = _turns.OrderBy(t => t.Began).Select(t =>
            $"{t.GameId},{t.Number},{t.Slot:O},{t.Outcome},{t.Began:O},{t.Ended:O}");
        await File.WriteAllLinesAsync(path, ["game_id,number,slot,outcome,began,ended", .. lines], cancellationToken);
    }

    private readonly record struct TracedTurn(Guid GameId, int Number, DateTimeOffset? Slot, string? Outcome, DateTime Began, DateTime Ended);
}

/// <summary>Turns counted against the slots they began for.</summary>
/// <param name="Slots">Cron slots in the window, summed over games.</param>
/// <param name="Begun">Turns that began for those slots (whatever their outcome).</param>
/// <param name="Missed">Slots without a turn.</param>
/// <param name="Doubled">Turns beyond one for a slot.</param>
/// <param name="GamesOff">Games with a missed or doubled slot.</param>
/// <param name="Failed">Turns for those slots that did not end played or finished.</param>
/// <param name="NumbersRepeated">Turn numbers (over the whole run) played or finished more than once for one game.</param>
internal sealed record SlotAccount(long Slots, long Begun, long Missed, long Doubled, int GamesOff, long Failed, long NumbersRepeated);
