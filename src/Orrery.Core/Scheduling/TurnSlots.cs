using System.Collections.Concurrent;
using NCrontab;
using Orrery.Games;

namespace Orrery.Scheduling;

/// <summary>The cron slots of a game's turn schedule (UTC), with each expression parsed once per process.</summary>
public static class TurnSlots
{
    private static readonly ConcurrentDictionary<string, CrontabSchedule?> Parsed = new(StringComparer.Ordinal);

    /// <summary>The first slot strictly after <paramref name="after"/>, or null when the expression is not a valid schedule.</summary>
    public static DateTimeOffset? Next(string turnSchedule, DateTimeOffset after)
    {
        var schedule = Parsed.GetOrAdd(turnSchedule, static expression => TurnSchedule.TryParse(expression, out _));
        if (schedule is null)
        {
            return null;
        }
        var next = schedule.GetNextOccurrence(after.UtcDateTime, DateTime.MaxValue);
        return next == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    /// <summary>
    /// How many slots s with <paramref name="after"/> &lt; s &lt;= <paramref name="until"/> the schedule has, counting
    /// no further than <paramref name="atMost"/> (a game a year behind a 1-second schedule is not walked slot by slot).
    /// </summary>
    public static int CountBetween(string turnSchedule, DateTimeOffset after, DateTimeOffset until, int atMost)
    {
        var count = 0;
        for (var slot = Next(turnSchedule, after); slot <= until && count < atMost; slot = Next(turnSchedule, slot!.Value))
        {
            count++;
        }
        return count;
    }
}
