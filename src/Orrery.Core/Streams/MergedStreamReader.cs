using System.Runtime.CompilerServices;

namespace Orrery.Streams;

/// <summary>One entry of a merged read, with the cursor that resumes right after it.</summary>
public sealed record MergedEntry(string Stream, StreamEntry Entry, FeedCursor Cursor);

/// <summary>
/// Follows several streams at once and yields their entries as they arrive, each stream in its own order (there
/// is no order across streams). A failing stream ends the read with its error.
/// </summary>
/// <remarks>
/// A follower reads what is behind it on its own (its backlog, resuming from an older id), then joins the node's
/// one shared reader per stream (<see cref="StreamFanOut"/>): joining returns where the shared reader is, the
/// follower reads the gap up to there itself, and from then on takes the shared reader's entries, skipping any at or
/// before its own position, so nothing is missed or sent twice. A follower that falls a buffer behind is dropped by
/// the shared reader and goes back to reading on its own until it has caught up.
/// </remarks>
public sealed class MergedStreamReader(IEventStream streams, StreamFanOut fanOut)
{
    private const int PageSize = StreamFanOut.PageSize;

    public async IAsyncEnumerable<MergedEntry> FollowAsync(
        IReadOnlyList<string> names, FeedCursor from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (from.Count != names.Count)
        {
            throw new ArgumentException($"The cursor has {from.Count} positions for {names.Count} streams.", nameof(from));
        }
        var cursor = from;
        while (true)
        {
            for (var i = 0; i < names.Count; i++)
            {
                await foreach (var entry in BacklogAsync(names[i], cursor[i], upTo: null, cancellationToken))
                {
                    cursor = cursor.With(i, StreamEntryId.Parse(entry.Id));
                    yield return new MergedEntry(names[i], entry, cursor);
                }
            }

            var subscriber = new FanOutSubscriber(PageSize);
            try
            {
                for (var i = 0; i < names.Count; i++)
                {
                    var shared = await fanOut.JoinAsync(names[i], subscriber, i, cancellationToken);
                    await foreach (var entry in BacklogAsync(names[i], cursor[i], shared, cancellationToken))
                    {
                        cursor = cursor.With(i, StreamEntryId.Parse(entry.Id));
                        yield return new MergedEntry(names[i], entry, cursor);
                    }
                }
                // Ends without an error when this follower fell behind: it drains what it holds, then catches up.
                await foreach (var (index, entry) in subscriber.Entries.ReadAllAsync(cancellationToken))
                {
                    var id = StreamEntryId.Parse(entry.Id);
                    if (id > cursor[index])
                    {
                        cursor = cursor.With(index, id);
                        yield return new MergedEntry(names[index], entry, cursor);
                    }
                }
            }
            finally
            {
                foreach (var name in names)
                {
                    fanOut.Leave(name, subscriber);
                }
            }
        }
    }

    /// <summary>Entries after <paramref name="after"/> (and up to <paramref name="upTo"/> when given), read now without waiting.</summary>
    private async IAsyncEnumerable<StreamEntry> BacklogAsync(
        string name, StreamEntryId after, StreamEntryId? upTo, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (upTo is null || after < upTo)
        {
            var page = await streams.ReadAsync(name, after.ToString(), PageSize, TimeSpan.Zero, cancellationToken);
            foreach (var entry in page)
            {
                var id = StreamEntryId.Parse(entry.Id);
                if (id > upTo)
                {
                    // The shared reader delivers it.
                    yield break;
                }
                after = id;
                yield return entry;
            }
            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }
}
