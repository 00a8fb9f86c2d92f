using System.Diagnostics.CodeAnalysis;

namespace Orrery.Streams;

/// <summary>
/// Where a reader of several streams is: the last entry id seen on each, written as the ids joined by commas in
/// the order of the streams (<c>1700000000000-0,1700000000123-2</c>). It is the SSE event id of the live feed, so
/// a client that reconnects with <c>Last-Event-ID</c> resumes every stream exactly after what it saw.
/// </summary>
public sealed record FeedCursor
{
    private readonly StreamEntryId[] _positions;

    private FeedCursor(StreamEntryId[] positions) => _positions = positions;

    public int Count => _positions.Length;

    public StreamEntryId this[int index] => _positions[index];

    /// <summary>Every stream at the same id (e.g. "now" for a reader that wants only what comes next).</summary>
    public static FeedCursor At(int streams, StreamEntryId id) => new(Enumerable.Repeat(id, streams).ToArray());

    public static bool TryParse(string? text, int streams, [NotNullWhen(true)] out FeedCursor? cursor)
    {
        cursor = null;
        var parts = text?.Split(',') ?? [];
        if (parts.Length != streams)
        {
            return false;
        }
        var positions = new StreamEntryId[streams];
        for (var i = 0; i < streams; i++)
        {
            if (!StreamEntryId.TryParse(parts[i], out positions[i]))
            {
                return false;
            }
        }
        cursor = new FeedCursor(positions);
        return true;
    }

    /// <summary>This cursor with stream <paramref name="index"/> moved to <paramref name="id"/>.</summary>
    public FeedCursor With(int index, StreamEntryId id)
    {
        var positions = (StreamEntryId[])_positions.Clone();
        positions[index] = id;
        return new FeedCursor(positions);
    }

    public bool Equals(FeedCursor? other) => other is not null && _positions.AsSpan().SequenceEqual(other._positions);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    public override string ToString() => string.Join(',', _positions);
}
