using Orrery.Streams;

namespace Orrery.Persistence;

/// <summary>The checks every event-stream adapter makes on its arguments, with the same messages on each.</summary>
internal static class StreamArguments
{
    /// <exception cref="ArgumentException">Not <c>ms-seq</c>; the API answers it with <c>invalid_input</c>.</exception>
    public static StreamEntryId EntryId(string text, string parameter) =>
        StreamEntryId.TryParse(text, out var id)
            ? id
            : throw new ArgumentException($"'{text}' is not a stream entry id: expected <unix-ms>-<sequence> of two non-negative integers, e.g. 0-0.", parameter);

    /// <exception cref="ArgumentOutOfRangeException">A max length below 1.</exception>
    public static void MaxLength(long? maxLength)
    {
        if (maxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "A stream keeps at least one entry.");
        }
    }

    /// <exception cref="ArgumentOutOfRangeException">A count below 1 or a negative wait.</exception>
    public static void ReadBounds(int count, TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
    }
}
