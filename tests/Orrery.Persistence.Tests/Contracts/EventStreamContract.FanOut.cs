using Orrery.Streams;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The event feed's followers over this adapter (<see cref="MergedStreamReader"/> with the node's one shared reader
/// per stream, <see cref="StreamFanOut"/>): what a follower receives, and what following costs the store.
/// </summary>
public abstract partial class EventStreamContract
{
    private const int Buffer = StreamFanOut.PageSize;

    [Fact]
    public async Task FollowAsync_ManyIdleFollowers_OneWaitingReadPerStream()
    {
        var log = new CountingEventStream(await OpenStreamAsync());
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream(), NewStream()];
        const int followers = 40;

        var following = Enumerable.Range(0, followers).Select(_ => TakeAsync(reader, names, FeedCursor.At(2, StreamEntryId.Zero), 2, Ct)).ToList();
        await WaitUntilAsync(() => log.ImmediateReads >= followers * names.Length);
        await WaitUntilAsync(() => log.WaitingNow == names.Length);
        await log.AppendAsync(names[0], Fields("x"), null, Ct);
        await log.AppendAsync(names[1], Fields("y"), null, Ct);

        foreach (var received in await Task.WhenAll(following))
        {
            received.Select(e => $"{e.Stream}={e.Entry.Fields["value"]}").ShouldBe([$"{names[0]}=x", $"{names[1]}=y"], ignoreOrder: true);
        }
        log.MostWaiting.ShouldBe(names.Length);
    }

    [Fact]
    public async Task FollowAsync_JoiningWithAnOlderId_ReadsItsBacklogThenTheSharedFeedWithoutGapsOrDuplicates()
    {
        var log = await OpenStreamAsync();
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream(), NewStream()];
        var first = await AppendAsync(log, names[0], 5);
        var live = TakeAsync(reader, names, FeedCursor.At(2, StreamEntryId.Zero).With(0, ParseId(first[^1])), 6, Ct);
        await WaitUntilAsync(() => fanOut.RunningReaders == 2);

        // Joins while entries keep arriving on both streams: some reach it through its backlog, some through the shared reader.
        var late = TakeAsync(reader, names, FeedCursor.At(2, StreamEntryId.Zero).With(0, ParseId(first[1])), 3 + 6, Ct);
        var more = await AppendAsync(log, names[0], 3);
        var other = await AppendAsync(log, names[1], 3);

        var lateEntries = await late;
        lateEntries.Where(e => e.Stream == names[0]).Select(e => e.Entry.Id).ShouldBe([.. first[2..], .. more]);
        lateEntries.Where(e => e.Stream == names[1]).Select(e => e.Entry.Id).ShouldBe(other);
        var liveEntries = await live;
        liveEntries.Where(e => e.Stream == names[0]).Select(e => e.Entry.Id).ShouldBe(more);
        liveEntries.Where(e => e.Stream == names[1]).Select(e => e.Entry.Id).ShouldBe(other);
        lateEntries[^1].Cursor.ShouldBe(FeedCursor.At(2, ParseId(more[^1])).With(1, ParseId(other[^1])));
    }

    [Fact]
    public async Task FollowAsync_FirstFollowerAheadOfTheStreamsIds_ALaterFollowerStillGetsEveryNewEntry()
    {
        var log = new CountingEventStream(await OpenStreamAsync());
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream()];
        // A "now" taken from a clock ahead of the one that stamps the ids (Redis's own, or a clock stepped back).
        var ahead = TakeAsync(reader, names, FeedCursor.At(1, new StreamEntryId(long.MaxValue / 2, 0)), 1, Ct);
        await WaitUntilAsync(() => log.WaitingNow == 1);
        var later = TakeAsync(reader, names, FeedCursor.At(1, StreamEntryId.Zero), 3, Ct);
        await WaitUntilAsync(() => log.ImmediateReads >= 2);

        var ids = await AppendAsync(log, names[0], 3);

        (await later).Select(e => e.Entry.Id).ShouldBe(ids);
        ahead.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task FollowAsync_FollowerThatStopsReading_OthersGetEverythingAndItCatchesUpLosingNothing()
    {
        var log = await OpenStreamAsync();
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream()];
        var from = FeedCursor.At(1, StreamEntryId.Zero);
        await using var slow = reader.FollowAsync(names, from, Ct).GetAsyncEnumerator(Ct);
        var firstOfSlow = slow.MoveNextAsync().AsTask();
        await WaitUntilAsync(() => fanOut.RunningReaders == 1);
        var count = 3 * Buffer + 10;
        var fast = TakeAsync(reader, names, from, count, Ct);

        var ids = await AppendAsync(log, names[0], count);

        (await fast).Select(e => e.Entry.Id).ShouldBe(ids);
        (await firstOfSlow).ShouldBeTrue();
        var slowIds = new List<string> { slow.Current.Entry.Id };
        while (slowIds.Count < count && await slow.MoveNextAsync())
        {
            slowIds.Add(slow.Current.Entry.Id);
        }
        slowIds.ShouldBe(ids);
    }

    [Fact]
    public async Task FollowAsync_LastFollowerLeaves_SharedReaderStops()
    {
        var log = await OpenStreamAsync();
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream()];
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var following = TakeAsync(reader, names, FeedCursor.At(1, StreamEntryId.Zero), 1, leave.Token);
        await WaitUntilAsync(() => fanOut.RunningReaders == 1);

        await leave.CancelAsync();

        (await Record.ExceptionAsync(() => following)).ShouldBeAssignableTo<OperationCanceledException>();
        await WaitUntilAsync(() => fanOut.RunningReaders == 0);
        var again = TakeAsync(reader, names, FeedCursor.At(1, StreamEntryId.Zero), 1, Ct);
        var id = await log.AppendAsync(names[0], Fields("after"), null, Ct);
        (await again).ShouldHaveSingleItem().Entry.Id.ShouldBe(id);
    }

    [Fact]
    public async Task FollowAsync_SharedReadFails_EveryFollowerEndsWithTheError()
    {
        var log = new CountingEventStream(await OpenStreamAsync());
        await using var fanOut = new StreamFanOut(log);
        var reader = new MergedStreamReader(log, fanOut);
        string[] names = [NewStream()];
        var following = Enumerable.Range(0, 3).Select(_ => TakeAsync(reader, names, FeedCursor.At(1, StreamEntryId.Zero), 1, Ct)).ToList();
        await WaitUntilAsync(() => log.ImmediateReads >= 3 && log.WaitingNow == 1);

        log.FailWaitingReads = new InvalidOperationException("the store went away");
        await log.AppendAsync(names[0], Fields("wakes the shared read"), null, Ct);

        foreach (var follower in following)
        {
            (await Should.ThrowAsync<InvalidOperationException>(follower)).Message.ShouldBe("the store went away");
        }
    }

    private static async Task<List<MergedEntry>> TakeAsync(
        MergedStreamReader reader, IReadOnlyList<string> names, FeedCursor from, int count, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var taken = new List<MergedEntry>(count);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var entry in reader.FollowAsync(names, from, deadline.Token))
        {
            taken.Add(entry);
            if (taken.Count == count)
            {
                break;
            }
        }
        return taken;
    }

    /// <summary>Polls a condition on background work; a readiness wait, not a timing assertion.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>The port, counting reads that wait for entries (and how many wait at once) and reads that do not.</summary>
    private sealed class CountingEventStream(IEventStream inner) : IEventStream
    {
        private int _waitingNow;
        private int _mostWaiting;
        private int _immediateReads;

        public int WaitingNow => Volatile.Read(ref _waitingNow);
        public int MostWaiting => Volatile.Read(ref _mostWaiting);
        public int ImmediateReads => Volatile.Read(ref _immediateReads);

        /// <summary>When set, a waiting read that returns throws this instead.</summary>
        public Exception? FailWaitingReads { get; set; }

        public Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken) =>
            inner.AppendAsync(stream, fields, maxLength, cancellationToken);

        public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken)
        {
            if (wait <= TimeSpan.Zero)
            {
                Interlocked.Increment(ref _immediateReads);
                return await inner.ReadAsync(stream, afterId, count, wait, cancellationToken);
            }
            var now = Interlocked.Increment(ref _waitingNow);
            InterlockedMax(ref _mostWaiting, now);
            try
            {
                var entries = await inner.ReadAsync(stream, afterId, count, wait, cancellationToken);
                return FailWaitingReads is { } error ? throw error : entries;
            }
            finally
            {
                Interlocked.Decrement(ref _waitingNow);
            }
        }

        public Task<string> LastIdAsync(string stream, CancellationToken cancellationToken) => inner.LastIdAsync(stream, cancellationToken);

        public Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken) =>
            inner.GetOffsetAsync(stream, consumer, cancellationToken);

        public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken) =>
            inner.SaveOffsetAsync(stream, consumer, entryId, cancellationToken);

        private static void InterlockedMax(ref int target, int value)
        {
            var current = Volatile.Read(ref target);
            while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
            {
                current = seen;
            }
        }
    }
}
