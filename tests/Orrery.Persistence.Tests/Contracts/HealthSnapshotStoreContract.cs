using Orrery.Runtime;
using Orrery.Storage;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class HealthSnapshotStoreContract : StoreContract
{
    [Fact]
    public async Task InsertAsync_Snapshot_RoundTripsEveryField()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var snapshot = new HealthSnapshot(Guid.NewGuid(), gameId, At(3), 17,
            """{"gameId":"x","turn":17,"finished":false,"players":[{"raceName":"Ünïcødé ✓","planets":3}]}""");

        await store.Snapshots.InsertAsync(snapshot, Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe([snapshot]);
    }

    [Fact]
    public async Task InsertAsync_TurnBehindTheRecordedTurn_WritesNothing_SameOrLaterTurnIsWritten()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        await store.Runtimes.TryInsertAsync(NewRuntime(gameId) with { CurrentTurn = 7 }, Ct);
        var stale = new HealthSnapshot(Guid.NewGuid(), gameId, At(5), 6, "{}"); // read before turn 7 was recorded
        var current = new HealthSnapshot(Guid.NewGuid(), gameId, At(6), 7, "{}");
        var next = new HealthSnapshot(Guid.NewGuid(), gameId, At(7), 8, "{}");

        await store.Snapshots.InsertAsync(stale, Ct);
        await store.Snapshots.InsertManyAsync([current, stale with { Id = Guid.NewGuid() }, next], Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.Select(s => s.Turn).ShouldBe([8, 7]);
    }

    [Fact]
    public async Task ListAsync_SeveralPages_ReturnsNewestFirstWithTotal()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var snapshots = new[] { 4, 1, 5, 3, 2 }.Select(s => new HealthSnapshot(Guid.NewGuid(), gameId, At(s), s, "{}")).ToList();
        foreach (var snapshot in snapshots)
        {
            await store.Snapshots.InsertAsync(snapshot, Ct);
        }

        var first = await store.Snapshots.ListAsync(gameId, new PageRequest(1, 3), Ct);
        var second = await store.Snapshots.ListAsync(gameId, new PageRequest(2, 3), Ct);

        (first.Total, second.Total).ShouldBe((5L, 5L));
        first.Items.Concat(second.Items).Select(s => s.Turn).ShouldBe([5, 4, 3, 2, 1]);
        (second.Number, second.Size, second.Items.Count).ShouldBe((2, 3, 2));
    }

    [Fact]
    public async Task ListAsync_SameObservationTime_ReturnsLaterInsertFirst()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var snapshots = Enumerable.Range(1, 3).Select(turn => new HealthSnapshot(Guid.NewGuid(), gameId, At(8), turn, "{}")).ToList();
        foreach (var snapshot in snapshots)
        {
            await store.Snapshots.InsertAsync(snapshot, Ct);
        }

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe(Enumerable.Reverse(snapshots));
    }

    [Fact]
    public async Task ListAsync_TwoGames_ReturnsOnlyThatGamesSnapshots()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var other = Game();
        await store.Games.UpsertAsync(other, Ct);
        var mine = new HealthSnapshot(Guid.NewGuid(), gameId, At(1), 1, "{}");
        await store.Snapshots.InsertAsync(mine, Ct);
        await store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), other.Id, At(2), 2, "{}"), Ct);

        var page = await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct);
        var unknown = await store.Snapshots.ListAsync(Guid.NewGuid(), new PageRequest(1, 10), Ct);

        (page.Items.ShouldHaveSingleItem(), page.Total).ShouldBe((mine, 1L));
        (unknown.Items.Count, unknown.Total).ShouldBe((0, 0L));
    }

    [Fact]
    public async Task DeleteManyAsync_SomeIds_TakesBackThoseOnlyAndIgnoresUnknownOnes()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        HealthSnapshot[] batch = [.. Enumerable.Range(1, 3).Select(turn => new HealthSnapshot(Guid.NewGuid(), gameId, At(turn), turn, "{}"))];
        await store.Snapshots.InsertManyAsync(batch, Ct);

        await store.Snapshots.DeleteManyAsync([batch[1].Id, Guid.NewGuid()], Ct);
        await store.Snapshots.DeleteManyAsync([], Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.Select(s => s.Turn).ShouldBe([3, 1]);
    }

    [Fact]
    public async Task InsertManyAsync_SeveralGames_EachListsItsOwnWithEveryField()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var other = Game();
        await store.Games.UpsertAsync(other, Ct);
        HealthSnapshot[] batch =
        [
            new(Guid.NewGuid(), gameId, At(1), 1, """{"turn":1}"""),
            new(Guid.NewGuid(), other.Id, At(1), 7, """{"turn":7,"players":[{"raceName":"Ünïcødé ✓"}]}"""),
            new(Guid.NewGuid(), gameId, At(2), 2, """{"turn":2}"""),
        ];

        await store.Snapshots.InsertManyAsync(batch, Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe([batch[2], batch[0]]);
        (await store.Snapshots.ListAsync(other.Id, new PageRequest(1, 10), Ct)).Items.ShouldBe([batch[1]]);
    }

    [Fact]
    public async Task InsertManyAsync_SameObservationTime_ListsInTheOrderGivenNewestFirst()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var batch = Enumerable.Range(1, 3).Select(turn => new HealthSnapshot(Guid.NewGuid(), gameId, At(8), turn, "{}")).ToList();

        await store.Snapshots.InsertManyAsync(batch, Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe(Enumerable.Reverse(batch));
    }

    [Fact]
    public async Task InsertManyAsync_GameNotRegistered_IsLeftOutAndTheOthersAreWritten()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var deleted = Guid.NewGuid();
        var mine = new HealthSnapshot(Guid.NewGuid(), gameId, At(1), 1, "{}");

        await store.Snapshots.InsertManyAsync([new HealthSnapshot(Guid.NewGuid(), deleted, At(1), 1, "{}"), mine], Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe([mine]);
        (await store.Snapshots.ListAsync(deleted, new PageRequest(1, 10), Ct)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task InsertManyAsync_RepeatedAfterAFailure_WritesEachSnapshotOnce()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var first = new HealthSnapshot(Guid.NewGuid(), gameId, At(1), 1, "{}");
        var second = new HealthSnapshot(Guid.NewGuid(), gameId, At(2), 2, "{}");
        await store.Snapshots.InsertManyAsync([first], Ct);

        await store.Snapshots.InsertManyAsync([first, second], Ct);
        await store.Snapshots.InsertManyAsync([], Ct);

        (await store.Snapshots.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe([second, first]);
    }
}
