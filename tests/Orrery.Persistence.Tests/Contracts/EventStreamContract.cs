using System.Text.RegularExpressions;
using Orrery.Core.Tests.Fakes;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// The event-stream port (SPEC §6) as every adapter keeps it: the embedded log, Redis Streams later. Only ids'
/// shape and order are checked here, never their value: Redis takes the milliseconds from the server's clock,
/// not from <see cref="Clock"/> (the embedded log's own tests check that it follows the clock).
/// </summary>
public abstract partial class EventStreamContract : AdapterContract<EventStreamUnderTest>
{
    /// <summary>The contract's bound on retention slack: a tenth of the max length, or 100 entries (a Redis node), whichever is more.</summary>
    protected static long MaxSlack(long maxLength) => Math.Max(100, maxLength / 10);

    private readonly ManualTimeProvider _clock = new(TestData.Epoch);

    /// <summary>The clock the adapter must be opened with, where it reads one; it moves only when a test says so.</summary>
    protected TimeProvider Clock => _clock;

    protected void MoveClock(TimeSpan by) => _clock.Advance(by);

    [Fact]
    public async Task AppendAsync_NewStream_ReturnsCanonicalIdAboveZero()
    {
        var log = await OpenStreamAsync();

        var id = await log.AppendAsync(NewStream(), Fields("1"), null, Ct);

        CanonicalId().IsMatch(id).ShouldBeTrue(id);
        ParseId(id).ShouldBeGreaterThan(StreamEntryId.Zero);
    }

    [Fact]
    public async Task AppendAsync_ManyWithinOneMillisecond_IdsStrictlyIncrease()
    {
        var log = await OpenStreamAsync();

        var ids = await AppendAsync(log, NewStream(), 200);

        ids.ShouldAllBe(id => CanonicalId().IsMatch(id));
        ShouldStrictlyIncrease(ids);
    }

    [Fact]
    public async Task AppendAsync_ClockStepsBack_IdsStillIncrease()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var before = await AppendAsync(log, name, 2);

        MoveClock(TimeSpan.FromMinutes(-5)); // an NTP step
        var after = await AppendAsync(log, name, 2);

        ShouldStrictlyIncrease([.. before, .. after]);
    }

    [Fact]
    public async Task AppendAsync_FieldsOfEveryKind_ReadBackUnchangedAndInOrder()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        // Names out of alphabetical order, so an adapter that sorts them shows.
        KeyValuePair<string, string>[] fields =
        [
            new("zeta", "last name first"),
            new("event_type", "runtime_snapshot_update"),
            new("unicode", "Ünïcødé ✓ 星 🚀"),
            new("empty", ""),
            new("json_object", """{"exit_code":137,"oom":true}"""),
            new("json_array", """[{"user_id":"x","max_planets":5}]"""),
            new("quoted", "\"null\""),
            new("null", "null"),
            new("control", "line\nbreak\ttab\\back\0nul"),
            new("spaces and = signs", "a = b; c"),
            new("alpha", "1"),
        ];

        var id = await log.AppendAsync(name, new Dictionary<string, string>(fields), null, Ct);

        var entry = (await ReadAllAsync(log, name)).ShouldHaveSingleItem();
        entry.Id.ShouldBe(id);
        entry.Fields.ToList().ShouldBe(fields);
    }

    [Fact]
    public async Task AppendAsync_NoFields_ThrowsArgumentException()
    {
        var log = await OpenStreamAsync();

        await Should.ThrowAsync<ArgumentException>(() => log.AppendAsync(NewStream(), new Dictionary<string, string>(), null, Ct));
    }

    [Fact]
    public async Task AppendAsync_TwoStreams_KeepTheirOwnEntries()
    {
        var log = await OpenStreamAsync();
        var (a, b) = (NewStream(), NewStream());
        var inA = await AppendAsync(log, a, 3);
        var inB = await AppendAsync(log, b, 2);
        inA.Add(await log.AppendAsync(a, Fields("3"), null, Ct));

        (await ReadAllAsync(log, a)).Select(e => e.Id).ShouldBe(inA);
        (await ReadAllAsync(log, b)).Select(e => e.Id).ShouldBe(inB);
    }

    [Fact]
    public async Task AppendAsync_ReopenedAfterTheClockWentBack_KeepsEntriesAndIdsKeepIncreasing()
    {
        var first = await OpenAsync();
        var name = NewStream();
        var before = await AppendAsync(first.Stream, name, 5);
        await CloseAsync(first);

        MoveClock(TimeSpan.FromHours(-1)); // the node restarts on a machine whose clock is behind
        var reopened = (await OpenAsync()).Stream;
        var after = await reopened.AppendAsync(name, Fields("after"), null, Ct);

        (await ReadAllAsync(reopened, name)).Select(e => e.Id).ShouldBe([.. before, after]);
        ParseId(after).ShouldBeGreaterThan(ParseId(before[^1]));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentTasks_LoseNothingAndGetUniqueIncreasingIds()
    {
        const int Tasks = 16, EachAppends = 25;
        var log = await OpenStreamAsync();
        var name = NewStream();

        var appended = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(task => Task.Run(async () =>
        {
            var ids = new List<string>(EachAppends);
            for (var i = 0; i < EachAppends; i++)
            {
                ids.Add(await log.AppendAsync(name, new Dictionary<string, string> { ["task"] = $"{task}", ["n"] = $"{i}" }, null, Ct));
            }
            return ids;
        }, Ct)));

        var read = await ReadAllAsync(log, name);
        read.Count.ShouldBe(Tasks * EachAppends);
        ShouldStrictlyIncrease(read.Select(e => e.Id).ToList());
        read.Select(e => e.Id).ShouldBe(appended.SelectMany(ids => ids), ignoreOrder: true);
        // Each task's appends are in the log in the order it made them.
        foreach (var task in read.GroupBy(e => e.Fields["task"]))
        {
            task.Select(e => int.Parse(e.Fields["n"])).ShouldBe(Enumerable.Range(0, EachAppends));
        }
    }

    /// <summary>Opens the port over this test's store, for tests that do not reopen it.</summary>
    protected async Task<IEventStream> OpenStreamAsync() => (await OpenAsync()).Stream;

    protected static string NewStream() => $"test:{Guid.NewGuid():N}";

    protected static Dictionary<string, string> Fields(string value) => new() { ["event_type"] = "test", ["value"] = value };

    protected static async Task<List<string>> AppendAsync(IEventStream log, string stream, int count, long? maxLength = null)
    {
        var ids = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            ids.Add(await log.AppendAsync(stream, Fields($"{i}"), maxLength, Ct));
        }
        return ids;
    }

    protected static Task<IReadOnlyList<StreamEntry>> ReadAllAsync(IEventStream log, string stream) =>
        log.ReadAsync(stream, "0-0", 100_000, TimeSpan.Zero, Ct);

    protected static StreamEntryId ParseId(string id) => StreamEntryId.Parse(id);

    protected static void ShouldStrictlyIncrease(IReadOnlyList<string> ids)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            ParseId(ids[i]).ShouldBeGreaterThan(ParseId(ids[i - 1]), $"ids[{i}] = {ids[i]} after {ids[i - 1]}");
        }
    }

    /// <summary><c>ms-seq</c>, decimal, no sign, no leading zeros.</summary>
    [GeneratedRegex(@"^(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$")]
    protected static partial Regex CanonicalId();
}
