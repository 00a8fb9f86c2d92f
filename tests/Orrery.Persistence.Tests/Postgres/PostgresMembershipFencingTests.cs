using Orrery.Cluster;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Runtime;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>
/// Cluster mode (<c>FenceOnMembership</c>): a shard is taken, and a fenced write made, only while its owner is an
/// Active member in Orleans' membership table, so a node declared dead writes nothing even before another took
/// its shards. The membership rows are written here as Orleans writes them (status 3 Active, 6 Dead).
/// </summary>
public sealed class PostgresMembershipFencingTests : StoreContract
{
    private const int Active = 3;
    private const int Dead = 6;

    private readonly PostgresTestDatabase _database = new();

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync(o => o.FenceOnMembership = true);

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();

    [Fact]
    public async Task AcquireAsync_ActiveMember_TakesTheShard()
    {
        var store = await MigratedWithMemberAsync(Active);

        (await store.Leases.AcquireAsync(0, TestOwnerFences.Owner, At(1), Ct)).ShouldBe(1);
    }

    [Theory]
    [InlineData(Dead)]
    [InlineData(2)] // Joining
    public async Task AcquireAsync_MemberNotActive_TakesNothing(int status)
    {
        var store = await MigratedWithMemberAsync(status);

        await Should.ThrowAsync<OwnershipLostException>(() => store.Leases.AcquireAsync(0, TestOwnerFences.Owner, At(1), Ct));

        (await store.Leases.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task AcquireAsync_NoMembershipRow_TakesNothing()
    {
        var store = await MigratedWithMemberAsync(Active);

        await Should.ThrowAsync<OwnershipLostException>(() =>
            store.Leases.AcquireAsync(0, TestOwnerFences.Owner with { Generation = 99 }, At(1), Ct));
    }

    [Fact]
    public async Task Writes_OwnerActive_Pass()
    {
        var (store, runtime) = await OwnedGameAsync();

        (await store.Runtimes.TryUpdateAsync(runtime with { CurrentTurn = 2 }, Ct))!.CurrentTurn.ShouldBe(2);
        await store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), runtime.GameId, At(3), 2, "{}"), Ct);
        (await store.Leases.HoldsAsync(store.Fences.For(runtime.GameId), Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Writes_OwnerDeclaredDead_AreRefusedThoughNoOneTookTheShard()
    {
        var (store, runtime) = await OwnedGameAsync();
        await SetStatusAsync(Dead);

        await Should.ThrowAsync<OwnershipLostException>(() => store.Runtimes.TryUpdateAsync(runtime with { CurrentTurn = 2 }, Ct));
        await Should.ThrowAsync<OwnershipLostException>(() => store.Runtimes.TryUpdateManyAsync([runtime with { CurrentTurn = 2 }], Ct));
        await Should.ThrowAsync<OwnershipLostException>(() =>
            store.Snapshots.InsertAsync(new HealthSnapshot(Guid.NewGuid(), runtime.GameId, At(3), 2, "{}"), Ct));
        await Should.ThrowAsync<OwnershipLostException>(() => store.Operations.InsertAsync(Operation(runtime.GameId), Ct));

        (await store.Runtimes.GetAsync(runtime.GameId, Ct)).ShouldBe(runtime);
        (await store.Snapshots.ListAsync(runtime.GameId, new Storage.PageRequest(1, 10), Ct)).Total.ShouldBe(0);
        (await store.Leases.HoldsAsync(store.Fences.For(runtime.GameId), Ct)).ShouldBeFalse();
        store.Fences.RefusedFences.Distinct().ShouldBe([store.Fences.For(runtime.GameId)]);
    }

    /// <summary>A migrated database whose membership table holds the test node with <paramref name="status"/>.</summary>
    private async Task<StoreUnderTest> MigratedWithMemberAsync(int status)
    {
        var store = await OpenAsync();
        await store.Migrator.MigrateAsync(Ct);
        var owner = TestOwnerFences.Owner;
        await _database.ExecuteAsync($"""
            INSERT INTO orleansmembershipversiontable (deploymentid) VALUES ('{owner.ClusterId}');
            INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
            VALUES ('{owner.ClusterId}', '{owner.Address}', {owner.Port}, {owner.Generation}, 'silo', 'host', {status}, 0, now(), now());
            """);
        return store;
    }

    private async Task<(StoreUnderTest Store, RuntimeRecord Runtime)> OwnedGameAsync()
    {
        var store = await MigratedWithMemberAsync(Active);
        await store.Fences.AcquireAllAsync(store.Leases, Ct);
        var game = Game();
        await store.Games.UpsertAsync(game, Ct);
        return (store, (await store.Runtimes.TryInsertAsync(NewRuntime(game.Id), Ct))!);
    }

    private Task SetStatusAsync(int status) =>
        _database.ExecuteAsync($"UPDATE orleansmembershiptable SET status = {status} WHERE deploymentid = '{TestOwnerFences.Owner.ClusterId}'");
}
