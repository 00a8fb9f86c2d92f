namespace Orrery.Persistence.Tests.Contracts;

public abstract partial class EventStreamContract
{
    [Fact]
    public async Task LastIdAsync_EmptyStream_Zero()
    {
        var log = await OpenStreamAsync();

        (await log.LastIdAsync(NewStream(), Ct)).ShouldBe("0-0");
    }

    [Fact]
    public async Task LastIdAsync_AfterAppends_TheNewestIdAndLaterAppendsAboveIt()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var ids = await AppendAsync(log, name, 3);

        var last = await log.LastIdAsync(name, Ct);

        last.ShouldBe(ids[^1]);
        (await log.ReadAsync(name, last, 10, TimeSpan.Zero, Ct)).ShouldBeEmpty();
        ParseId(await log.AppendAsync(name, Fields("next"), null, Ct)).ShouldBeGreaterThan(ParseId(last));
    }

    [Fact]
    public async Task ReadAsync_FromZero_ReturnsEveryEntryOldestFirst()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var ids = await AppendAsync(log, name, 5);

        var entries = await log.ReadAsync(name, "0-0", 10, TimeSpan.Zero, Ct);

        entries.Select(e => e.Id).ShouldBe(ids);
        entries.Select(e => e.Fields["value"]).ShouldBe(["0", "1", "2", "3", "4"]);
    }

    [Fact]
    public async Task ReadAsync_AfterAnId_ReturnsOnlyLaterEntries()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var ids = await AppendAsync(log, name, 6);

        (await log.ReadAsync(name, ids[2], 10, TimeSpan.Zero, Ct)).Select(e => e.Id).ShouldBe(ids[3..]);
        (await log.ReadAsync(name, ids[^1], 10, TimeSpan.Zero, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_Count_ReturnsTheOldestThenPagesOn()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var ids = await AppendAsync(log, name, 5);

        var first = await log.ReadAsync(name, "0-0", 2, TimeSpan.Zero, Ct);
        var second = await log.ReadAsync(name, first[^1].Id, 2, TimeSpan.Zero, Ct);
        var last = await log.ReadAsync(name, second[^1].Id, 2, TimeSpan.Zero, Ct);

        first.Select(e => e.Id).ShouldBe(ids[..2]);
        second.Select(e => e.Id).ShouldBe(ids[2..4]);
        last.Select(e => e.Id).ShouldBe(ids[4..]);
    }

    [Fact]
    public async Task ReadAsync_UnknownStreamWithoutWait_ReturnsEmpty()
    {
        var log = await OpenStreamAsync();

        (await log.ReadAsync(NewStream(), "0-0", 10, TimeSpan.Zero, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_ShortWaitAndNothingAppended_ReturnsEmpty()
    {
        var log = await OpenStreamAsync();

        (await log.ReadAsync(NewStream(), "0-0", 10, TimeSpan.FromMilliseconds(50), Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_AppendToAnotherStreamWhileWaiting_ReturnsEmpty()
    {
        var log = await OpenStreamAsync();
        var (watched, other) = (NewStream(), NewStream());

        var waiting = log.ReadAsync(watched, "0-0", 10, TimeSpan.FromMilliseconds(200), Ct);
        await log.AppendAsync(other, Fields("elsewhere"), null, Ct);

        (await waiting).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadAsync_WaitingWhenAnEntryIsAppended_ReturnsTheEntry()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var last = (await AppendAsync(log, name, 1))[0];

        var waiting = log.ReadAsync(name, last, 10, TimeSpan.FromSeconds(30), Ct);
        var appended = await log.AppendAsync(name, Fields("late"), null, Ct);

        // The bound only keeps a broken adapter from hanging the run; a working one answers at once.
        var entries = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        entries.ShouldHaveSingleItem().Id.ShouldBe(appended);
    }

    [Fact]
    public async Task ReadAsync_CancelledWhileWaiting_ThrowsOperationCanceled()
    {
        var log = await OpenStreamAsync();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var waiting = log.ReadAsync(NewStream(), "0-0", 10, TimeSpan.FromSeconds(30), cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task ReadAsync_CountBelowOneOrNegativeWait_ThrowsArgumentException()
    {
        var log = await OpenStreamAsync();

        await Should.ThrowAsync<ArgumentException>(() => log.ReadAsync(NewStream(), "0-0", 0, TimeSpan.Zero, Ct));
        await Should.ThrowAsync<ArgumentException>(() => log.ReadAsync(NewStream(), "0-0", 10, TimeSpan.FromSeconds(-1), Ct));
    }

    public static TheoryData<string> MalformedIds() =>
        ["", " ", "0", "1", "abc", "abc-1", "1-abc", "1-", "-1", "-1-0", "1--1", "1-2-3", " 1-2", "1-2 ", "+1-2", "1.5-0", "1-0x1",
         "99999999999999999999-0", "0-99999999999999999999"];

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task ReadAsync_MalformedAfterId_ThrowsArgumentException(string afterId)
    {
        var log = await OpenStreamAsync();

        var error = await Should.ThrowAsync<ArgumentException>(() => log.ReadAsync(NewStream(), afterId, 10, TimeSpan.Zero, Ct));

        error.ParamName.ShouldBe("afterId");
    }
}
