using Orrery.Runtime;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class RuntimeStoreContract : StoreContract
{
    private const int Writers = 8;

    public static TheoryData<RuntimeStatus> Statuses => new(Enum.GetValues<RuntimeStatus>());

    [Fact]
    public async Task TryInsertAsync_EveryFieldSet_StoresItWithVersionOne()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var record = FullRuntime(gameId);

        var inserted = await store.Runtimes.TryInsertAsync(record, Ct);

        inserted.ShouldBe(record with { Version = 1 });
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(inserted);
    }

    [Fact]
    public async Task TryInsertAsync_OptionalFieldsUnset_RoundTripsNulls()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var record = NewRuntime(gameId);

        await store.Runtimes.TryInsertAsync(record, Ct);

        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(record with { Version = 1 });
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task TryInsertAsync_EachStatus_RoundTrips(RuntimeStatus status)
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();

        await store.Runtimes.TryInsertAsync(NewRuntime(gameId) with { Status = status }, Ct);

        (await store.Runtimes.GetAsync(gameId, Ct))!.Status.ShouldBe(status);
    }

    [Fact]
    public async Task TryInsertAsync_RecordExists_ReturnsNullAndKeepsTheFirst()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var first = await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct);

        var second = await store.Runtimes.TryInsertAsync(FullRuntime(gameId), Ct);

        second.ShouldBeNull();
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(first);
    }

    [Fact]
    public async Task TryInsertAsync_UnknownGame_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();

        (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct)).ShouldBeNull();
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task TryUpdateAsync_CurrentVersion_WritesEveryFieldAndIncrementsVersion()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var inserted = (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct))!;
        var changed = FullRuntime(gameId) with { Version = inserted.Version };

        var updated = await store.Runtimes.TryUpdateAsync(changed, Ct);

        updated.ShouldBe(changed with { Version = 2 });
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(updated);
    }

    [Fact]
    public async Task TryUpdateAsync_SetFieldsBackToNull_StoresNulls()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var inserted = (await store.Runtimes.TryInsertAsync(FullRuntime(gameId), Ct))!;
        var cleared = NewRuntime(gameId) with { Version = inserted.Version };

        await store.Runtimes.TryUpdateAsync(cleared, Ct);

        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(cleared with { Version = 2 });
    }

    [Fact]
    public async Task TryUpdateAsync_StaleVersion_ReturnsNullAndWritesNothing()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var inserted = (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct))!;
        var winner = await store.Runtimes.TryUpdateAsync(inserted with { Status = RuntimeStatus.Running }, Ct);

        var stale = await store.Runtimes.TryUpdateAsync(inserted with { Status = RuntimeStatus.EngineUnreachable, CurrentTurn = 9 }, Ct);

        stale.ShouldBeNull();
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(winner);
    }

    [Fact]
    public async Task TryUpdateAsync_NoRecord_ReturnsNull()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();

        (await store.Runtimes.TryUpdateAsync(NewRuntime(gameId) with { Version = 1 }, Ct)).ShouldBeNull();
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task TryUpdateAsync_EightConcurrentWritersOnOneVersion_ExactlyOneWinsEachRound()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var current = (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct))!;

        for (var round = 0; round < 10; round++)
        {
            var expected = current;
            var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(
                () => store.Runtimes.TryUpdateAsync(expected with { CurrentTurn = writer, EngineHealth = $"writer-{writer}" }, Ct), Ct)));

            var winner = results.Where(r => r is not null).ShouldHaveSingleItem()!;
            winner.Version.ShouldBe(expected.Version + 1);
            current = (await store.Runtimes.GetAsync(gameId, Ct))!;
            current.ShouldBe(winner);
        }
    }

    [Fact]
    public async Task TryUpdateAsync_EightWritersRetryingIncrements_LoseNoUpdate()
    {
        const int IncrementsPerWriter = 25;
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var read = (await store.Runtimes.GetAsync(gameId, Ct))!;
                if (await store.Runtimes.TryUpdateAsync(read with { CurrentTurn = read.CurrentTurn + 1 }, Ct) is not null)
                {
                    done++;
                }
            }
        }, Ct)));

        var final = (await store.Runtimes.GetAsync(gameId, Ct))!;
        final.CurrentTurn.ShouldBe(Writers * IncrementsPerWriter);
        final.Version.ShouldBe(1 + Writers * IncrementsPerWriter);
    }

    [Fact]
    public async Task GetAsync_UnknownGame_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        (await store.Runtimes.GetAsync(Guid.NewGuid(), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ListAsync_SeveralGames_ReturnsEveryRecord()
    {
        var store = await CreateStoreAsync();
        var records = new List<RuntimeRecord>();
        for (var i = 0; i < 3; i++)
        {
            var game = Game();
            await store.Games.UpsertAsync(game, Ct);
            records.Add((await store.Runtimes.TryInsertAsync(FullRuntime(game.Id) with { CurrentTurn = i }, Ct))!);
        }
        await store.Games.UpsertAsync(Game(), Ct);

        (await store.Runtimes.ListAsync(Ct)).ShouldBe(records, ignoreOrder: true);
    }

    [Fact]
    public async Task TryUpdateManyAsync_EachCasStandsAlone_LosersGetNullAndWinnersTheirNewVersion()
    {
        var (store, inserted) = await CreateStoreWithRuntimesAsync(3);
        // The middle game moved on since it was read: its CAS in the batch loses.
        await store.Runtimes.TryUpdateAsync(inserted[1] with { CurrentTurn = 9 }, Ct);

        var saved = await store.Runtimes.TryUpdateManyAsync(inserted.Select(r => r with { EngineHealth = "healthy" }).ToList(), Ct);

        saved.Count.ShouldBe(3);
        saved[0].ShouldNotBeNull().Version.ShouldBe(2);
        saved[1].ShouldBeNull();
        saved[2].ShouldNotBeNull().EngineHealth.ShouldBe("healthy");
        (await store.Runtimes.GetAsync(inserted[1].GameId, Ct))!.ShouldSatisfyAllConditions(
            r => r.CurrentTurn.ShouldBe(9),
            r => r.EngineHealth.ShouldBeNull());
        (await store.Runtimes.GetAsync(inserted[2].GameId, Ct))!.EngineHealth.ShouldBe("healthy");
    }

    [Fact]
    public async Task TryUpdateManyAsync_NoRecords_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        (await store.Runtimes.TryUpdateManyAsync([], Ct)).ShouldBeEmpty();
    }
}
