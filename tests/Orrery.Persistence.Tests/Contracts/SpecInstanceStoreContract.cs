using Orrery.Cluster;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class SpecInstanceStoreContract : StoreContract
{
    private static SpecInstance Instance(string id, string state = "open", string spec = "door", string? meta = null) =>
        new(id, spec, state, meta, TestData.At(1), TestData.At(2), TestData.At(3));

    private static SpecInstanceBatch Upserts(params SpecInstance[] instances) => new(instances, [], []);

    private async Task<List<SpecInstance>> AllAsync(StoreUnderTest store, int shards = 1)
    {
        var all = new List<SpecInstance>();
        for (var shard = 0; shard < shards; shard++)
        {
            all.AddRange(await store.SpecInstances.ListInstancesAsync(shard, shards, Ct));
        }
        return [.. all.OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task SaveSpecificationAsync_NewThenReplaced_ListsTheLatestByName()
    {
        var store = await CreateStoreAsync();
        await store.SpecInstances.SaveSpecificationAsync(new StoredSpecification("zeta", "Specification: zeta\n", TestData.At(1)), Ct);
        await store.SpecInstances.SaveSpecificationAsync(new StoredSpecification("alpha", "one", TestData.At(1)), Ct);

        await store.SpecInstances.SaveSpecificationAsync(new StoredSpecification("alpha", "two", TestData.At(2)), Ct);

        var specifications = await store.SpecInstances.ListSpecificationsAsync(Ct);
        specifications.ShouldBe([new StoredSpecification("alpha", "two", TestData.At(2)), new StoredSpecification("zeta", "Specification: zeta\n", TestData.At(1))]);
    }

    [Fact]
    public async Task WriteAsync_UpsertsThenChanges_ReadsBackEveryField()
    {
        var store = await CreateStoreAsync();
        await store.SpecInstances.WriteAsync(Upserts(Instance("a", meta: "{\"x\":1}"), Instance("b")), Ct);

        var changed = Instance("a", state: "closed") with { StateChangedAt = TestData.At(5), UpdatedAt = TestData.At(6) };
        await store.SpecInstances.WriteAsync(Upserts(changed), Ct);

        (await AllAsync(store)).ShouldBe([changed, Instance("b")]);
    }

    [Fact]
    public async Task WriteAsync_Deletes_RemovesThemAndIgnoresUnknownIds()
    {
        var store = await CreateStoreAsync();
        await store.SpecInstances.WriteAsync(Upserts(Instance("a"), Instance("b"), Instance("c")), Ct);

        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([], ["a", "c", "never-stored"], []), Ct);

        (await AllAsync(store)).Select(i => i.Id).ShouldBe(["b"]);
    }

    [Fact]
    public async Task WriteAsync_UpsertAndDeleteOfOthersInOneBatch_AppliesBoth()
    {
        var store = await CreateStoreAsync();
        await store.SpecInstances.WriteAsync(Upserts(Instance("a")), Ct);

        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([Instance("b")], ["a"], []), Ct);

        (await AllAsync(store)).Select(i => i.Id).ShouldBe(["b"]);
    }

    [Fact]
    public async Task ListInstancesAsync_ByShard_EachInstanceOnTheShardItsIdRoutesTo()
    {
        var store = await CreateStoreAsync();
        var instances = Enumerable.Range(0, 40).Select(i => Instance($"instance-{i}")).ToArray();
        await store.SpecInstances.WriteAsync(Upserts(instances), Ct);

        for (var shard = 0; shard < 4; shard++)
        {
            var listed = await store.SpecInstances.ListInstancesAsync(shard, 4, Ct);
            listed.Select(i => i.Id).Order().ShouldBe(instances.Where(i => SpecShardRouter.ShardOf(i.Id, 4) == shard).Select(i => i.Id).Order());
        }
        (await AllAsync(store, shards: 3)).Count.ShouldBe(40);
    }

    [Fact]
    public async Task WriteAsync_LearnedTransitions_ListedOnceInTheOrderLearned()
    {
        var store = await CreateStoreAsync();
        var init = new ModelTransition("door", new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, "open"));
        var close = new ModelTransition("door", new SpexTransition("open", "close", "closed"));
        var other = new ModelTransition("lift", new SpexTransition("up", "down", "down"));
        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([], [], [init, close]), Ct);

        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([], [], [close, other]), Ct);

        (await store.SpecInstances.ListModelTransitionsAsync(Ct)).ShouldBe([init, close, other]);
    }

    [Fact]
    public async Task WriteAsync_EmptyBatch_ChangesNothing()
    {
        var store = await CreateStoreAsync();

        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([], [], []), Ct);

        (await AllAsync(store)).ShouldBeEmpty();
        (await store.SpecInstances.ListModelTransitionsAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteAsync_FenceHeld_WritesTheBatch()
    {
        var store = await CreateStoreAsync();

        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([Instance("a")], [], [], store.Fences.ForShard(1)), Ct);

        (await AllAsync(store)).Select(i => i.Id).ShouldBe(["a"]);
        store.Fences.RefusedFences.ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteAsync_ShardTakenOver_RefusedReportedAndNothingWritten()
    {
        var store = await CreateStoreAsync();
        var fence = store.Fences.ForShard(1);
        await store.SpecInstances.WriteAsync(new SpecInstanceBatch([Instance("a")], [], [], fence), Ct);
        await store.Leases.AcquireAsync(1, new ShardOwner("orrery-test", "127.0.0.9", 11111, 2), TestData.At(9), Ct);
        var batch = new SpecInstanceBatch([Instance("a", state: "closed"), Instance("b")], [], [new ModelTransition("door", new SpexTransition("open", "close", "closed"))], fence);

        await Should.ThrowAsync<OwnershipLostException>(() => store.SpecInstances.WriteAsync(batch, Ct));

        store.Fences.RefusedFences.ShouldBe([fence]);
        (await AllAsync(store)).ShouldBe([Instance("a")]);
        (await store.SpecInstances.ListModelTransitionsAsync(Ct)).ShouldBeEmpty();
    }
}
