namespace Orrery.Persistence.Tests.Contracts;

public abstract partial class EventStreamContract
{
    [Fact]
    public async Task AppendAsync_MaxLength_KeepsTheNewestEntriesAndNotMuchMore()
    {
        const long MaxLength = 100;
        var log = await OpenStreamAsync();
        var name = NewStream();

        var ids = await AppendAsync(log, name, 500, MaxLength);

        var kept = (await ReadAllAsync(log, name)).Select(e => e.Id).ToList();
        kept.Count.ShouldBeInRange((int)MaxLength, (int)(MaxLength + MaxSlack(MaxLength)));
        kept.ShouldBe(ids[^kept.Count..], "what is kept is the newest, in order");
    }

    [Fact]
    public async Task AppendAsync_NoMaxLength_KeepsEveryEntry()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();

        var ids = await AppendAsync(log, name, 300);

        (await ReadAllAsync(log, name)).Select(e => e.Id).ShouldBe(ids);
    }

    [Fact]
    public async Task AppendAsync_MaxLengthOnOneStream_LeavesOtherStreamsWhole()
    {
        var log = await OpenStreamAsync();
        var (trimmed, whole) = (NewStream(), NewStream());
        var wholeIds = await AppendAsync(log, whole, 150);

        await AppendAsync(log, trimmed, 300, maxLength: 10);

        (await ReadAllAsync(log, whole)).Select(e => e.Id).ShouldBe(wholeIds);
    }

    [Fact]
    public async Task AppendAsync_MaxLengthBelowOne_ThrowsArgumentException()
    {
        var log = await OpenStreamAsync();

        await Should.ThrowAsync<ArgumentException>(() => log.AppendAsync(NewStream(), Fields("x"), 0, Ct));
    }
}
