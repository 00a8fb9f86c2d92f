using NCrontab;

namespace Orrery.Games;

/// <summary>A UTC cron expression of 5 (minute precision) or 6 (second precision) fields.</summary>
public static class TurnSchedule
{
    // Covers leap-day schedules, the rarest a valid cron expression can be.
    private const int NeverFiresHorizonYears = 9;

    /// <summary>Parses <paramref name="expression"/>, or returns null with a reason.</summary>
    public static CrontabSchedule? TryParse(string? expression, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "turnSchedule is required.";
            return null;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            error = $"turnSchedule must be a cron expression of 5 or 6 fields, got {fields}.";
            return null;
        }

        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
        if (schedule is null)
        {
            error = $"turnSchedule '{expression}' is not a valid cron expression.";
            return null;
        }

        // A schedule such as "0 0 30 2 *" parses but never fires; a game on it would never play.
        var probeStart = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var probeEnd = probeStart.AddYears(NeverFiresHorizonYears);
        if (schedule.GetNextOccurrence(probeStart, probeEnd) >= probeEnd)
        {
            error = $"turnSchedule '{expression}' never fires.";
            return null;
        }
        return schedule;
    }
}
