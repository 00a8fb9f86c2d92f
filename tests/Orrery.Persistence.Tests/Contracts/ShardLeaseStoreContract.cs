using Orrery.Cluster;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class ShardLeaseStoreContract : StoreContract
{
    private static readonly ShardOwner Other = new("orrery-test", "127.0.0.2", 11111, 7);

    [Fact]
    public async Task AcquireAsync_NewShard_TakesEpochOne()
    {
        var store = await MigratedAsync();

        (await store.Leases.AcquireAsync(3, TestOwnerFences.Owner, TestData.At(1), Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task AcquireAsync_TakenShard_TakesTheNextEpochForTheNewOwner()
    {
        var store = await MigratedAsync();
        await store.Leases.AcquireAsync(3, TestOwnerFences.Owner, TestData.At(1), Ct);

        var epochs = new[] { await store.Leases.AcquireAsync(3, Other, TestData.At(2), Ct), await store.Leases.AcquireAsync(3, TestOwnerFences.Owner, TestData.At(3), Ct) };

        epochs.ShouldBe([2, 3]);
        (await store.Leases.ListAsync(Ct)).ShouldBe([new ShardLease(3, 3, TestOwnerFences.Owner, TestData.At(3))]);
    }

    [Fact]
    public async Task AcquireAsync_ManyAtOnce_GivesEachCallerItsOwnEpoch()
    {
        var store = await MigratedAsync();

        var epochs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.Leases.AcquireAsync(0, Other, TestData.At(1), Ct), Ct)));

        epochs.Order().ShouldBe(Enumerable.Range(1, 8).Select(e => (long)e));
    }

    [Fact]
    public async Task ListAsync_SeveralShards_ListsEachWithItsEpochAndOwnerInShardOrder()
    {
        var store = await MigratedAsync();
        await store.Leases.AcquireAsync(2, Other, TestData.At(1), Ct);
        await store.Leases.AcquireAsync(0, TestOwnerFences.Owner, TestData.At(2), Ct);
        await store.Leases.AcquireAsync(2, TestOwnerFences.Owner, TestData.At(3), Ct);

        (await store.Leases.ListAsync(Ct)).ShouldBe(
        [
            new ShardLease(0, 1, TestOwnerFences.Owner, TestData.At(2)),
            new ShardLease(2, 2, TestOwnerFences.Owner, TestData.At(3)),
        ]);
    }

    [Fact]
    public async Task HoldsAsync_CurrentAndStaleEpochs_HoldsOnlyTheCurrent()
    {
        var store = await MigratedAsync();
        var first = await store.Leases.AcquireAsync(1, TestOwnerFences.Owner, TestData.At(1), Ct);
        var second = await store.Leases.AcquireAsync(1, Other, TestData.At(2), Ct);

        (await store.Leases.HoldsAsync(new OwnerFence(1, first), Ct)).ShouldBeFalse();
        (await store.Leases.HoldsAsync(new OwnerFence(1, second), Ct)).ShouldBeTrue();
        (await store.Leases.HoldsAsync(new OwnerFence(2, 1), Ct)).ShouldBeFalse(); // never taken
    }

    /// <summary>Migrated, no shard taken.</summary>
    private async Task<StoreUnderTest> MigratedAsync()
    {
        var store = await OpenAsync();
        await store.Migrator.MigrateAsync(Ct);
        return store;
    }
}
