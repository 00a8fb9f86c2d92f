using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

/// <summary>
/// Two replicas over one store, each running half the spec shards (those of the game shards it owns): every call
/// reaches its instance's shard from either, and a shard whose fence was taken over stops writing at once.
/// </summary>
public sealed class SpecForwardingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_ShardOnTheOtherReplica_AnsweredThereFromEither()
    {
        var (a, b) = await TwoReplicasAsync();
        await using var _ = a;
        await using var __ = b;
        var onB = IdOnShard(a, 2);
        var onA = IdOnShard(a, 0);

        (await a.Instances.InitAsync("door", onB, "{\"x\":1}", null, Ct)).State.ShouldBe("closed");
        (await a.Instances.TransitionAsync(onB, "open", "opened", Ct, from: "closed")).State.ShouldBe("opened");
        (await b.Instances.InitAsync("door", onA, null, null, Ct)).Id.ShouldBe(onA);

        (await a.Instances.GetAsync(onB, Ct))!.Meta.ShouldBe("{\"x\":1}");
        (await b.Instances.GetAsync(onB, Ct))!.State.ShouldBe("opened");
        (await a.Instances.ListAsync("door", Ct)).Select(i => i.Id).ShouldBe(new[] { onA, onB }.Order(StringComparer.Ordinal));
        (await b.Instances.ListAsync(null, Ct)).Count.ShouldBe(2);
        (await b.Instances.CountBySpecAsync(Ct)).ShouldBe(new Dictionary<string, int> { ["door"] = 2 });
        (await Should.ThrowAsync<OrreryException>(() => a.Instances.InitAsync("door", onB, null, null, Ct))).Code.ShouldBe(ErrorCodes.Conflict);
        (await b.Instances.DeleteAsync(new SpecInstanceFilter(State: "closed"), Ct)).ShouldBe(1);
        (await a.Instances.DeleteAsync(onB, Ct)).ShouldBeTrue();
        a.Store.Instances.ShouldBeEmpty();
    }

    [Fact]
    public async Task Posts_ShardOnTheOtherReplica_AppliedThereInOrder()
    {
        var (a, b) = await TwoReplicasAsync();
        await using var _ = a;
        await using var __ = b;
        var onB = IdOnShard(a, 3);

        a.Instances.PostInit("door", onB).ShouldBeTrue();
        a.Instances.PostTransition(onB, "open", "opened", from: "closed").ShouldBeTrue();
        a.Instances.PostObservedTransition("door", onB, "opened", "close", "closed").ShouldBeTrue();
        a.Instances.PostTransition(onB, "lock", "locked", from: "closed").ShouldBeTrue();

        (await b.Instances.GetAsync(onB, Ct))!.State.ShouldBe("locked");
        b.Shards.Find(3).ShouldNotBeNull();
        a.Shards.Find(3).ShouldBeNull();
    }

    [Fact]
    public async Task Batch_FenceTakenOver_RefusedNotOwnerAndTheShardEndsHere()
    {
        await using var rig = await SpecRig.StartAsync();
        var id = IdOnShard(rig, 1);
        await rig.Instances.InitAsync("door", id, null, null, Ct);
        rig.Store.ShardEpochs[1] = 2; // another replica took game shard 1, and with it spec shard 1

        (await Should.ThrowAsync<OrreryException>(() => rig.Instances.TransitionAsync(id, "open", "opened", Ct))).Code.ShouldBe(ErrorCodes.NotOwner);

        rig.Shards.Find(1).ShouldBeNull();
        rig.Instances.PostTransition(id, "open", "opened").ShouldBeFalse();
        rig.Store.Instances.Single().State.ShouldBe("closed");
        (await rig.Instances.InitAsync("door", IdOnShard(rig, 0), null, null, Ct)).State.ShouldBe("closed");
    }

    [Fact]
    public async Task Call_FenceTakenOverMidway_FollowsTheShardToItsNewOwner()
    {
        var (a, b) = await TwoReplicasAsync();
        await using var _ = a;
        await using var __ = b;
        var id = IdOnShard(a, 1);
        await a.Instances.InitAsync("door", id, null, null, Ct);
        // Replica b takes game shard 1 with epoch 2 while a still runs spec shard 1 (a has not heard yet).
        a.Store.ShardEpochs[1] = 2;
        b.Fences.Hold(new OwnerFence(1, 2));
        await b.Ownership.AcquiredAsync(new ShardSet(b.Fences.Shards, [1]), Ct);

        (await a.Instances.TransitionAsync(id, "open", "opened", Ct)).State.ShouldBe("opened");

        a.Shards.Find(1).ShouldBeNull();
        b.Shards.Find(1).ShouldNotBeNull();
        a.Store.Instances.Single().State.ShouldBe("opened");
    }

    [Fact]
    public async Task Ownership_GameShardTakenAgainWithANewEpoch_SpecShardRestartsFenced()
    {
        await using var rig = await SpecRig.StartAsync();
        var id = IdOnShard(rig, 2);
        await rig.Instances.InitAsync("door", id, null, null, Ct);
        rig.Store.ShardEpochs[2] = 2;
        await Should.ThrowAsync<OrreryException>(() => rig.Instances.TransitionAsync(id, "open", "opened", Ct));

        // This replica takes the shard back, at the next epoch.
        rig.Store.ShardEpochs[2] = 3;
        rig.Fences.Hold(new OwnerFence(2, 3));
        await rig.Ownership.AcquiredAsync(new ShardSet(rig.Fences.Shards, [2]), Ct);

        (await rig.Instances.TransitionAsync(id, "open", "opened", Ct)).State.ShouldBe("opened");
    }

    /// <summary>Replica a runs spec shards 0 and 1, replica b 2 and 3, over one store; each forwards to the other.</summary>
    private static async Task<(SpecRig A, SpecRig B)> TwoReplicasAsync()
    {
        var a = await SpecRig.StartAsync();
        var b = await SpecRig.StartAsync(store: a.Store, time: a.Time);
        await a.Ownership.ReleasedAsync(new ShardSet(a.Fences.Shards, [2, 3]), Ct);
        await b.Ownership.ReleasedAsync(new ShardSet(b.Fences.Shards, [0, 1]), Ct);
        a.Forwarder.Peer = b;
        b.Forwarder.Peer = a;
        return (a, b);
    }

    private static string IdOnShard(SpecRig rig, int shard) =>
        Enumerable.Range(0, 1000).Select(i => $"door-{i}").First(id => SpecShardRouter.ShardOf(id, rig.Shards.Count) == shard);
}
