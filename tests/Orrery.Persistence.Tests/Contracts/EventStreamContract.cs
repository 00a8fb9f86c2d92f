using Orrery.Streams;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The event-stream port (SPEC §6) as every adapter must keep it: the embedded log here, Redis Streams later.
/// Clock-independent: ids come from the adapter's own clock (Redis's server time), so only their order is checked.
/// </summary>
public abstract class EventStreamContract : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The port over this test's own backing store: empty on the first call; the same data on later calls, as
    /// a restarted node would see it. Everything opened is released by <see cref="DropAsync"/>.
    /// </summary>
    protected abstract Task<IEventStream> OpenAsync();

    protected abstract ValueTask DropAsync();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    protected static string NewStream() => $"test:{Guid.NewGuid():N}";

    protected static Dictionary<string, string> Fields(string value) => new() { ["event_type"] = "test", ["value"] = value };

    protected static async Task<List<string>> AppendAsync(IEventStream stream, string name, int count, long? maxLength = null)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await stream.AppendAsync(name, Fields(i.ToString()), maxLength, Ct));
        }
        return ids;
    }

    protected static Task<IReadOnlyList<StreamEntry>> ReadAllAsync(IEventStream stream, string name) =>
        stream.ReadAsync(name, "0-0", 10_000, TimeSpan.Zero, Ct);

    [Fact]
    public async Task Append_ReturnsIdsOfRedisShape_StrictlyIncreasing_EvenWithinOneMillisecond()
    {
        var stream = await OpenAsync();

        var ids = await AppendAsync(stream, NewStream(), 200);

        ids.ShouldAllBe(id => System.Text.RegularExpressions.Regex.IsMatch(id, "^[0-9]+-[0-9]+$"));
        var parsed = ids.Select(StreamEntryId.Parse).ToList();
        parsed.Zip(parsed.Skip(1)).ShouldAllBe(pair => pair.First < pair.Second);
        parsed[0].ShouldBeGreaterThan(StreamEntryId.Zero);
    }

    [Fact]
    public async Task Read_FromZero_ReturnsEveryEntryOldestFirst_WithFieldsAsWritten()
    {
        var stream = await OpenAsync();
        var name = NewStream();
        var fields = new Dictionary<string, string>
        {
            ["event_type"] = "runtime_snapshot_update",
            ["unicode"] = "Ünïcødé ✓ 星",
            ["empty"] = "",
            ["json"] = """[{"user_id":"x","max_planets":5}]""",
            ["spaces and = signs"] = "a = b; c",
        };
        var first = await stream.AppendAsync(name, fields, null, Ct);
        var second = await stream.AppendAsync(name, Fields("2"), null, Ct);

        var entries = await ReadAllAsync(stream, name);

        entries.Select(e => e.Id).ShouldBe([first, second]);
        entries[0].Fields.ShouldBe(fields);
        entries[0].Fields.Keys.ShouldBe(fields.Keys, "field order is kept");
        entries[1].Fields["value"].ShouldBe("2");
    }

    [Fact]
    public async Task Read_AfterAnId_WithACount_ReturnsTheNextEntriesOnly()
    {
        var stream = await OpenAsync();
        var name = NewStream();
        var ids = await AppendAsync(stream, name, 10);

        var page = await stream.ReadAsync(name, ids[3], 4, TimeSpan.Zero, Ct);

        page.Select(e => e.Id).ShouldBe(ids[4..8]);
        (await stream.ReadAsync(name, ids[^1], 10, TimeSpan.Zero, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Streams_AreIndependent()
    {
        var stream = await OpenAsync();
        var (a, b) = (NewStream(), NewStream());
        await AppendAsync(stream, a, 3);
        await AppendAsync(stream, b, 1);

        (await ReadAllAsync(stream, a)).Count.ShouldBe(3);
        (await ReadAllAsync(stream, b)).Count.ShouldBe(1);
        (await ReadAllAsync(stream, NewStream())).ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_NothingThere_WithAShortWait_ReturnsEmpty()
    {
        var stream = await OpenAsync();

        (await stream.ReadAsync(NewStream(), "0-0", 10, TimeSpan.FromMilliseconds(50), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Read_Waiting_IsWokenByAnAppend()
    {
        var stream = await OpenAsync();
        var name = NewStream();
        var last = (await AppendAsync(stream, name, 1))[0];

        var waiting = stream.ReadAsync(name, last, 10, TimeSpan.FromSeconds(30), Ct);
        await Task.Delay(50, Ct);
        waiting.IsCompleted.ShouldBeFalse("nothing was appended yet");
        var appended = await stream.AppendAsync(name, Fields("late"), null, Ct);

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldHaveSingleItem().Id.ShouldBe(appended);
    }

    [Fact]
    public async Task Read_Waiting_EndsWhenCancelled()
    {
        var stream = await OpenAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var waiting = stream.ReadAsync(NewStream(), "0-0", 10, TimeSpan.FromSeconds(30), cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task Retention_KeepsTheNewestEntries_AndNotMuchMore()
    {
        var stream = await OpenAsync();
        var name = NewStream();
        var ids = await AppendAsync(stream, name, 500, maxLength: 100);

        var kept = (await ReadAllAsync(stream, name)).Select(e => e.Id).ToList();

        kept.Count.ShouldBeInRange(100, 199);
        kept.ShouldBe(ids[^kept.Count..], "what is kept is the newest, in order");
    }

    [Fact]
    public async Task Retention_WithoutAMaxLength_KeepsEverything()
    {
        var stream = await OpenAsync();
        var name = NewStream();
        await AppendAsync(stream, name, 300, maxLength: 100);
        await AppendAsync(stream, name, 300);

        (await ReadAllAsync(stream, name)).Count.ShouldBeGreaterThanOrEqualTo(400);
    }

    [Fact]
    public async Task Offsets_StartAtZero_AreKeptPerStreamAndConsumer()
    {
        var stream = await OpenAsync();
        var (a, b) = (NewStream(), NewStream());
        var ids = await AppendAsync(stream, a, 3);

        (await stream.GetOffsetAsync(a, "health_events", Ct)).ShouldBe("0-0");
        await stream.SaveOffsetAsync(a, "health_events", ids[1], Ct);
        await stream.SaveOffsetAsync(a, "other", ids[0], Ct);
        await stream.SaveOffsetAsync(a, "health_events", ids[2], Ct);

        (await stream.GetOffsetAsync(a, "health_events", Ct)).ShouldBe(ids[2]);
        (await stream.GetOffsetAsync(a, "other", Ct)).ShouldBe(ids[0]);
        (await stream.GetOffsetAsync(b, "health_events", Ct)).ShouldBe("0-0");
    }

    [Fact]
    public async Task EntriesAndOffsets_SurviveAReopen_AndIdsKeepIncreasing()
    {
        var first = await OpenAsync();
        var name = NewStream();
        var before = await AppendAsync(first, name, 5);
        await first.SaveOffsetAsync(name, "health_events", before[2], Ct);

        var reopened = await OpenAsync();
        var after = await reopened.AppendAsync(name, Fields("after"), null, Ct);

        (await ReadAllAsync(reopened, name)).Select(e => e.Id).ShouldBe([.. before, after]);
        StreamEntryId.Parse(after).ShouldBeGreaterThan(StreamEntryId.Parse(before[^1]));
        (await reopened.GetOffsetAsync(name, "health_events", Ct)).ShouldBe(before[2]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("abc-1")]
    [InlineData("1-")]
    [InlineData("-1-0")]
    [InlineData("1-2-3")]
    public async Task MalformedIds_AreRejected(string id)
    {
        var stream = await OpenAsync();

        await Should.ThrowAsync<ArgumentException>(() => stream.ReadAsync(NewStream(), id, 10, TimeSpan.Zero, Ct));
        await Should.ThrowAsync<ArgumentException>(() => stream.SaveOffsetAsync(NewStream(), "c", id, Ct));
    }

    [Fact]
    public async Task ConcurrentAppends_LoseNothing_AndGetUniqueIncreasingIds()
    {
        var stream = await OpenAsync();
        var name = NewStream();

        var ids = (await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => AppendAsync(stream, name, 25)))))
            .SelectMany(i => i).ToList();

        ids.Distinct().Count().ShouldBe(400);
        var read = (await ReadAllAsync(stream, name)).Select(e => e.Id).ToList();
        read.Count.ShouldBe(400);
        read.ShouldBe(read.OrderBy(StreamEntryId.Parse).ToList());
        read.ShouldBe(ids, ignoreOrder: true);
    }
}
