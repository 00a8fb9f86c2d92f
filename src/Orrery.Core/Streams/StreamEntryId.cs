using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Orrery.Streams;

/// <summary>
/// A stream entry id in Redis's shape, <c>&lt;unix-ms&gt;-&lt;seq&gt;</c>: ordered by milliseconds, then by the
/// sequence number of entries appended in the same millisecond.
/// </summary>
public readonly record struct StreamEntryId(long Milliseconds, long Sequence) : IComparable<StreamEntryId>
{
    /// <summary><c>0-0</c>: before every entry.</summary>
    public static readonly StreamEntryId Zero = new(0, 0);

    /// <summary>The id to append after <paramref name="last"/> at <paramref name="nowMilliseconds"/>, strictly greater even if the clock went back.</summary>
    public static StreamEntryId Next(StreamEntryId last, long nowMilliseconds) =>
        nowMilliseconds > last.Milliseconds ? new StreamEntryId(nowMilliseconds, 0) : new StreamEntryId(last.Milliseconds, last.Sequence + 1);

    /// <exception cref="ArgumentException">Not of the form <c>ms-seq</c> with two non-negative integers.</exception>
    public static StreamEntryId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new ArgumentException($"'{text}' is not a stream entry id (<unix-ms>-<sequence>, e.g. 0-0).", nameof(text));

    public static bool TryParse([NotNullWhen(true)] string? text, out StreamEntryId id)
    {
        id = default;
        var dash = text?.IndexOf('-') ?? -1;
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return false;
        }
        id = new StreamEntryId(ms, seq);
        return true;
    }

    public int CompareTo(StreamEntryId other)
    {
        var byMilliseconds = Milliseconds.CompareTo(other.Milliseconds);
        return byMilliseconds != 0 ? byMilliseconds : Sequence.CompareTo(other.Sequence);
    }

    public static bool operator <(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) < 0;
    public static bool operator >(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) > 0;
    public static bool operator <=(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) <= 0;
    public static bool operator >=(StreamEntryId left, StreamEntryId right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Milliseconds}-{Sequence}");
}
