using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Orrery.Streams;

/// <summary>One entry of a merged read, with the cursor that resumes right after it.</summary>
public sealed record MergedEntry(string Stream, StreamEntry Entry, FeedCursor Cursor);

/// <summary>
/// Follows several streams at once and yields their entries as they arrive, each stream in its own order (there
/// is no order across streams: each is read by its own long poll). A failing stream ends the read with its error.
/// </summary>
public sealed class MergedStreamReader(IEventStream streams)
{
    private const int PageSize = 200;
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(15);

    public async IAsyncEnumerable<MergedEntry> FollowAsync(
        IReadOnlyList<string> names, FeedCursor from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (from.Count != names.Count)
        {
            throw new ArgumentException($"The cursor has {from.Count} positions for {names.Count} streams.", nameof(from));
        }
        // Small and bounded: a slow client holds the pollers back instead of buffering the streams in memory.
        var arrivals = Channel.CreateBounded<(int Index, StreamEntry Entry)>(new BoundedChannelOptions(PageSize) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pollers = names.Select((name, i) => PollAsync(name, i, from[i], arrivals.Writer, stop.Token)).ToArray();
        var completion = Task.WhenAll(pollers);
        try
        {
            var cursor = from;
            await foreach (var (index, entry) in arrivals.Reader.ReadAllAsync(cancellationToken))
            {
                cursor = cursor.With(index, StreamEntryId.Parse(entry.Id));
                yield return new MergedEntry(names[index], entry, cursor);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await completion;
        }
    }

    private async Task PollAsync(string name, int index, StreamEntryId after, ChannelWriter<(int, StreamEntry)> writer, CancellationToken cancellationToken)
    {
        var last = after.ToString();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var entry in await streams.ReadAsync(name, last, PageSize, PollWait, cancellationToken))
                {
                    await writer.WriteAsync((index, entry), cancellationToken);
                    last = entry.Id;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader left.
        }
        catch (Exception ex)
        {
            // Ends the whole read: a feed that silently lost one of its streams would mislead.
            writer.TryComplete(ex);
        }
    }
}
