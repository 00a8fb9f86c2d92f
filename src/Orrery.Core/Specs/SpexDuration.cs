using System.Globalization;

namespace Orrery.Specs;

/// <summary>Durations in <c>.spex</c> headers: a whole number and a unit, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c> or <c>d</c>.</summary>
public static class SpexDuration
{
    private static readonly (string Unit, TimeSpan Size)[] Units =
    [
        ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }
        var unit = text[digits..];
        foreach (var (name, size) in Units)
        {
            if (unit == name && count <= TimeSpan.MaxValue.Ticks / size.Ticks && count > 0)
            {
                duration = size * count;
                return true;
            }
        }
        return false;
    }

    /// <summary>The largest unit that expresses <paramref name="duration"/> exactly (whole milliseconds).</summary>
    public static string Format(TimeSpan duration)
    {
        foreach (var (name, size) in Units)
        {
            if (duration.Ticks % size.Ticks == 0)
            {
                return (duration.Ticks / size.Ticks).ToString(CultureInfo.InvariantCulture) + name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(duration), duration, "A .spex duration is a whole number of milliseconds.");
    }
}
