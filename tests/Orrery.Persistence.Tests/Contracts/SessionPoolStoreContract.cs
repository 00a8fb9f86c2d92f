using Orrery.Sessions;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class SessionPoolStoreContract : StoreContract
{
    private static readonly Guid[] Games = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    [Fact]
    public async Task SavePoolAsync_NewThenChanged_ReadsBackTheLatestGamesInOrder()
    {
        var store = await CreateStoreAsync();
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-1", [Games[0]], TestData.At(1)), Ct);

        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-1", [Games[2], Games[0]], TestData.At(2)), Ct);

        var pool = (await store.LivePools.GetPoolAsync("node-a", "pool-1", Ct)).ShouldNotBeNull();
        pool.Games.ShouldBe([Games[2], Games[0]]);
        pool.UpdatedAt.ShouldBe(TestData.At(2));
    }

    [Fact]
    public async Task SavePoolAsync_NoGames_KeepsAnEmptyRow()
    {
        var store = await CreateStoreAsync();

        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-1", [], TestData.At(1)), Ct);

        (await store.LivePools.GetPoolAsync("node-a", "pool-1", Ct)).ShouldNotBeNull().Games.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListPoolsAsync_SeveralNodes_ListsOnlyTheNodesPoolsByPoolId()
    {
        var store = await CreateStoreAsync();
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-2", [Games[1]], TestData.At(1)), Ct);
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-b", "pool-1", [Games[2]], TestData.At(1)), Ct);
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-1", [Games[0]], TestData.At(1)), Ct);

        var pools = await store.LivePools.ListPoolsAsync("node-a", Ct);

        pools.Select(p => (p.PoolId, p.Games.Single())).ShouldBe([("pool-1", Games[0]), ("pool-2", Games[1])]);
        (await store.LivePools.GetPoolAsync("node-b", "pool-2", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task DeletePoolAsync_DeletesOnlyThatPool()
    {
        var store = await CreateStoreAsync();
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-a", "pool-1", [Games[0]], TestData.At(1)), Ct);
        await store.LivePools.SavePoolAsync(new SessionPoolState("node-b", "pool-1", [Games[1]], TestData.At(1)), Ct);

        (await store.LivePools.DeletePoolAsync("node-a", "pool-1", Ct)).ShouldBeTrue();
        (await store.LivePools.DeletePoolAsync("node-a", "pool-1", Ct)).ShouldBeFalse();

        (await store.LivePools.GetPoolAsync("node-a", "pool-1", Ct)).ShouldBeNull();
        (await store.LivePools.GetPoolAsync("node-b", "pool-1", Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task SaveBackupsAsync_SeveralThenAgain_ReadsBackTheLatestOfEachGame()
    {
        var store = await CreateStoreAsync();
        var idle = Backup(Games[0], seq: 4, idleSince: TestData.At(3));
        var watched = Backup(Games[1], seq: 9, idleSince: null);
        await store.LivePools.SaveBackupsAsync([idle, watched], Ct);

        var later = watched with { SessionId = "incarnation-2", Seq = 0, Connections = 0, IdleSince = TestData.At(5), BackedUpAt = TestData.At(6) };
        await store.LivePools.SaveBackupsAsync([later], Ct);

        (await store.LivePools.GetBackupAsync(Games[0], Ct)).ShouldBe(idle);
        (await store.LivePools.GetBackupAsync(Games[1], Ct)).ShouldBe(later);
        (await store.LivePools.GetBackupAsync(Games[2], Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task SaveBackupsAsync_None_WritesNothing()
    {
        var store = await CreateStoreAsync();

        await store.LivePools.SaveBackupsAsync([], Ct);

        (await store.LivePools.GetBackupAsync(Games[0], Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task DeleteBackupAsync_DeletesOnlyThatGamesBackup()
    {
        var store = await CreateStoreAsync();
        await store.LivePools.SaveBackupsAsync([Backup(Games[0], 1, null), Backup(Games[1], 2, null)], Ct);

        (await store.LivePools.DeleteBackupAsync(Games[0], Ct)).ShouldBeTrue();
        (await store.LivePools.DeleteBackupAsync(Games[0], Ct)).ShouldBeFalse();

        (await store.LivePools.GetBackupAsync(Games[0], Ct)).ShouldBeNull();
        (await store.LivePools.GetBackupAsync(Games[1], Ct)).ShouldNotBeNull();
    }

    private static SessionBackup Backup(Guid gameId, long seq, DateTimeOffset? idleSince) =>
        new(gameId, "node-a", "pool-1", $"incarnation-of-{gameId:N}", seq, Turn: 7, Connections: idleSince is null ? 3 : 0, idleSince, TestData.At(4));
}
