using System.Globalization;

namespace Orrery.Engines.Process;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the host uses (see proc(5)).</summary>
/// <param name="State">Field 3: R, S, D, Z (zombie), X (dead), ...</param>
/// <param name="SessionId">Field 6: equals the pid for a session leader, which every engine is after setsid.</param>
/// <param name="StartTime">Field 22: start time in clock ticks after boot; never changes for the process's life.</param>
internal sealed record ProcessStat(char State, int SessionId, ulong StartTime)
{
    public static ProcessStat? Parse(string text)
    {
        // Field 2 is the command name in parentheses and may itself contain spaces or ')': the fields we
        // want are counted from the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 of proc(5), so field N is fields[N - 3].
        if (fields.Length < 20 || fields[0].Length != 1
            || !int.TryParse(fields[6 - 3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !ulong.TryParse(fields[22 - 3], NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return null;
        }
        return new ProcessStat(fields[0][0], session, startTime);
    }
}
