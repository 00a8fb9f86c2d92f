using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>
/// Every write made on behalf of a game carries the writer's fence: it passes while the fence's epoch is the
/// shard's, and once another node took the shard it is refused with <see cref="OwnershipLostException"/>,
/// reported to the fences, and changes nothing.
/// </summary>
public abstract class FencingContract : StoreContract
{
    /// <summary>Another node, which takes the shard over.</summary>
    protected static readonly ShardOwner Usurper = new("orrery-test", "127.0.0.9", 11111, 2);

    public static TheoryData<string> WriteKinds => new(Writes.Keys.Order());

    /// <summary>Each fenced write, run against a game set up by <see cref="ArrangeAsync"/>.</summary>
    private static readonly Dictionary<string, Func<StoreUnderTest, Arranged, Task>> Writes = new()
    {
        ["runtime insert"] = (s, a) => s.Runtimes.TryInsertAsync(NewRuntime(a.Fresh.Id), Ct),
        ["runtime update"] = (s, a) => s.Runtimes.TryUpdateAsync(a.Runtime with { CurrentTurn = 9 }, Ct),
        ["runtime update many"] = (s, a) => s.Runtimes.TryUpdateManyAsync([a.Runtime with { CurrentTurn = 9 }], Ct),
        ["operation insert"] = (s, a) => s.Operations.InsertAsync(Operation(a.Game.Id, idempotencyKey: "second"), Ct),
        ["operation update"] = (s, a) => s.Operations.UpdateAsync(a.Operation with { Status = Operations.OperationStatus.Running, StartedAt = At(5) }, Ct),
        ["snapshot insert"] = (s, a) => s.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), a.Game.Id, At(6), 2, "{}"), Ct),
        ["snapshot insert many"] = (s, a) => s.Snapshots.InsertManyAsync([new HealthSnapshot(Guid.NewGuid(), a.Game.Id, At(6), 2, "{}")], Ct),
        ["mappings replace"] = (s, a) => s.Mappings.ReplaceAsync(a.Game.Id, [new PlayerMapping(a.Game.Id, a.Game.Memberships[1].UserId, "Cygnans", Guid.NewGuid())], Ct),
        ["mappings delete"] = (s, a) => s.Mappings.DeleteAsync(a.Game.Id, Ct),
        ["stats record"] = (s, a) => s.Stats.RecordManyAsync([(a.Game.Id, [new PlayerStanding(a.Game.Memberships[0].UserId, "Andorians", 9, 900)])], Ct),
    };

    [Theory]
    [MemberData(nameof(WriteKinds))]
    public async Task Write_CurrentEpoch_Succeeds(string kind)
    {
        var (store, arranged) = await ArrangeAsync();

        await Writes[kind](store, arranged);

        store.Fences.RefusedFences.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(WriteKinds))]
    public async Task Write_ShardTakenOver_IsRefusedAndChangesNothing(string kind)
    {
        var (store, arranged) = await ArrangeAsync();
        var before = await SnapshotAsync(store, arranged);
        var fence = store.Fences.For(arranged.Game.Id);
        await store.Leases.AcquireAsync(fence.Shard, Usurper, At(9), Ct);

        await Should.ThrowAsync<OwnershipLostException>(() => Writes[kind](store, arranged));

        store.Fences.RefusedFences.ShouldBe([fence]);
        (await SnapshotAsync(store, arranged)).ShouldBe(before);
    }

    [Fact]
    public async Task TryUpdateManyAsync_OneGameTakenOver_WritesNoneOfTheBatch()
    {
        var store = await CreateStoreAsync();
        var games = new List<RuntimeRecord>();
        for (var i = 0; games.Select(g => store.Fences.For(g.GameId).Shard).Distinct().Count() < 2; i++)
        {
            var game = Game();
            await store.Games.UpsertAsync(game, Ct);
            games.Add((await store.Runtimes.TryInsertAsync(NewRuntime(game.Id), Ct))!);
        }
        var lost = store.Fences.For(games[^1].GameId);
        await store.Leases.AcquireAsync(lost.Shard, Usurper, At(9), Ct);

        await Should.ThrowAsync<OwnershipLostException>(() => store.Runtimes.TryUpdateManyAsync([.. games.Select(g => g with { CurrentTurn = 5 })], Ct));

        foreach (var game in games)
        {
            (await store.Runtimes.GetAsync(game.GameId, Ct)).ShouldBe(game);
        }
    }

    [Fact]
    public async Task TryUpdateAsync_LostCompareAndSwap_ReturnsNullAndReportsNoRefusal()
    {
        var (store, arranged) = await ArrangeAsync();
        await store.Runtimes.TryUpdateAsync(arranged.Runtime with { CurrentTurn = 2 }, Ct);

        (await store.Runtimes.TryUpdateAsync(arranged.Runtime with { CurrentTurn = 3 }, Ct)).ShouldBeNull();

        store.Fences.RefusedFences.ShouldBeEmpty();
    }

    [Fact]
    public async Task Write_ShardTakenBackLater_PassesWithTheNewEpoch()
    {
        var (store, arranged) = await ArrangeAsync();
        await store.Leases.AcquireAsync(store.Fences.For(arranged.Game.Id).Shard, Usurper, At(9), Ct);
        await store.Fences.AcquireAllAsync(store.Leases, Ct);

        (await store.Runtimes.TryUpdateAsync(arranged.Runtime with { CurrentTurn = 4 }, Ct))!.CurrentTurn.ShouldBe(4);
    }

    /// <summary>A game with a runtime record, an operation, a snapshot, mappings and stats; and a registered game with nothing yet.</summary>
    protected async Task<(StoreUnderTest Store, Arranged Arranged)> ArrangeAsync()
    {
        var store = await CreateStoreAsync();
        var game = Game();
        var fresh = Game();
        await store.Games.UpsertAsync(game, Ct);
        // Same shard as the game, so a takeover of the game's shard fences both.
        while (store.Fences.Shards.ShardOf(fresh.Id) != store.Fences.Shards.ShardOf(game.Id))
        {
            fresh = Game();
        }
        await store.Games.UpsertAsync(fresh, Ct);
        var runtime = (await store.Runtimes.TryInsertAsync(NewRuntime(game.Id), Ct))!;
        var operation = (await store.Operations.InsertAsync(Operation(game.Id, idempotencyKey: "first"), Ct)).Operation;
        await store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), game.Id, At(2), 1, "{}"), Ct);
        await store.Mappings.ReplaceAsync(game.Id, [new PlayerMapping(game.Id, game.Memberships[0].UserId, "Andorians", Guid.NewGuid())], Ct);
        await store.Stats.RecordManyAsync([(game.Id, [new PlayerStanding(game.Memberships[0].UserId, "Andorians", 3, 300)])], Ct);
        return (store, new Arranged(game, fresh, runtime, operation));
    }

    /// <summary>Everything a fenced write could change, as text, to compare before and after.</summary>
    private static async Task<string> SnapshotAsync(StoreUnderTest store, Arranged arranged)
    {
        var id = arranged.Game.Id;
        var page = new Storage.PageRequest(1, 100);
        return string.Join("\n",
            await store.Runtimes.GetAsync(id, Ct),
            await store.Runtimes.GetAsync(arranged.Fresh.Id, Ct),
            string.Join(",", (await store.Operations.ListAsync(id, page, Ct)).Items),
            string.Join(",", (await store.Snapshots.ListAsync(id, page, Ct)).Items),
            string.Join(",", await store.Mappings.ListAsync(id, Ct)),
            string.Join(",", await store.Stats.ListAsync(id, Ct)));
    }

    protected sealed record Arranged(Games.Game Game, Games.Game Fresh, RuntimeRecord Runtime, Operations.Operation Operation);
}
