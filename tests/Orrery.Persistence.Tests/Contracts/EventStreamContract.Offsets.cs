namespace Orrery.Persistence.Tests.Contracts;

public abstract partial class EventStreamContract
{
    [Fact]
    public async Task GetOffsetAsync_NeverSaved_ReturnsZeroZero()
    {
        var log = await OpenStreamAsync();

        (await log.GetOffsetAsync(NewStream(), "health_events", Ct)).ShouldBe("0-0");
    }

    [Fact]
    public async Task SaveOffsetAsync_SavedTwice_GetReturnsTheLast()
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        var ids = await AppendAsync(log, name, 3);

        await log.SaveOffsetAsync(name, "health_events", ids[2], Ct);
        await log.SaveOffsetAsync(name, "health_events", ids[1], Ct);

        (await log.GetOffsetAsync(name, "health_events", Ct)).ShouldBe(ids[1]);
    }

    [Fact]
    public async Task SaveOffsetAsync_SeveralStreamsAndConsumers_KeepsEachApart()
    {
        var log = await OpenStreamAsync();
        var (a, b) = (NewStream(), NewStream());
        var ids = await AppendAsync(log, a, 3);

        await log.SaveOffsetAsync(a, "health_events", ids[2], Ct);
        await log.SaveOffsetAsync(a, "audit", ids[0], Ct);
        await log.SaveOffsetAsync(b, "audit", "5-1", Ct);

        (await log.GetOffsetAsync(a, "health_events", Ct)).ShouldBe(ids[2]);
        (await log.GetOffsetAsync(a, "audit", Ct)).ShouldBe(ids[0]);
        (await log.GetOffsetAsync(b, "audit", Ct)).ShouldBe("5-1");
        (await log.GetOffsetAsync(b, "health_events", Ct)).ShouldBe("0-0");
    }

    [Fact]
    public async Task SaveOffsetAsync_Reopened_OffsetSurvives()
    {
        var first = await OpenAsync();
        var name = NewStream();
        var id = await first.Stream.AppendAsync(name, Fields("1"), null, Ct);
        await first.Stream.SaveOffsetAsync(name, "health_events", id, Ct);
        await CloseAsync(first);

        var reopened = await OpenStreamAsync();

        (await reopened.GetOffsetAsync(name, "health_events", Ct)).ShouldBe(id);
    }

    [Theory]
    [MemberData(nameof(MalformedIds))]
    public async Task SaveOffsetAsync_MalformedId_ThrowsArgumentExceptionAndKeepsTheOffset(string entryId)
    {
        var log = await OpenStreamAsync();
        var name = NewStream();
        await log.SaveOffsetAsync(name, "health_events", "7-3", Ct);

        var error = await Should.ThrowAsync<ArgumentException>(() => log.SaveOffsetAsync(name, "health_events", entryId, Ct));

        error.ParamName.ShouldBe("entryId");
        (await log.GetOffsetAsync(name, "health_events", Ct)).ShouldBe("7-3");
    }
}
