using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

public sealed class SpecInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InitAsync_NoInitialState_StartsInTheSpecsInitialStateDurably()
    {
        await using var rig = await SpecRig.StartAsync();

        var instance = await rig.Instances.InitAsync("door", "d1", "{\"colour\":\"red\"}", null, Ct);

        instance.State.ShouldBe("closed");
        rig.Store.Instances.ShouldHaveSingleItem().ShouldBe(instance);
    }

    [Fact]
    public async Task InitAsync_Refusals_CarryTheirCodes()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        (await Should.ThrowAsync<OrreryException>(rig.Instances.InitAsync("door", "d1", null, null, Ct))).Code.ShouldBe(ErrorCodes.Conflict);
        (await Should.ThrowAsync<OrreryException>(rig.Instances.InitAsync("window", "w1", null, null, Ct))).Code.ShouldBe(ErrorCodes.NotFound);
        (await Should.ThrowAsync<OrreryException>(rig.Instances.InitAsync("door", "d2", null, "opened", Ct))).Code.ShouldBe(ErrorCodes.InvalidTransition);
        Should.Throw<OrreryException>(() => rig.Instances.InitAsync("door", "d3", "{not json", null, Ct)).Code.ShouldBe(ErrorCodes.InvalidInput);
        Should.Throw<OrreryException>(() => rig.Instances.InitAsync("door", "", null, null, Ct)).Code.ShouldBe(ErrorCodes.InvalidInput);
    }

    [Fact]
    public async Task TransitionAsync_AllowedStep_MovesTheInstance()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        rig.Time.Advance(TimeSpan.FromSeconds(5));

        var moved = await rig.Instances.TransitionAsync("d1", "open", "opened", Ct);

        moved.State.ShouldBe("opened");
        moved.StateChangedAt.ShouldBe(rig.Time.GetUtcNow());
        (await rig.Instances.GetAsync("d1", Ct)).ShouldBe(moved);
    }

    [Theory]
    [InlineData("lock", "opened", null, ErrorCodes.InvalidTransition)]       // not a step of the spec
    [InlineData("open", "opened", "locked", ErrorCodes.InvalidTransition)]   // not in the state the caller believes
    [InlineData("__initialisation__", "closed", null, ErrorCodes.InvalidInput)]
    [InlineData("open", "nil", null, ErrorCodes.InvalidInput)]
    public async Task TransitionAsync_Refused_LeavesTheInstance(string action, string to, string? from, string code)
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        var refusal = await Should.ThrowAsync<OrreryException>(async () => await rig.Instances.TransitionAsync("d1", action, to, Ct, from));

        refusal.Code.ShouldBe(code);
        (await rig.Instances.GetAsync("d1", Ct))!.State.ShouldBe("closed");
    }

    [Fact]
    public async Task TransitionAsync_UnknownInstanceOrOtherSpec_NotFound()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        (await Should.ThrowAsync<OrreryException>(rig.Instances.TransitionAsync("nobody", "open", "opened", Ct))).Code.ShouldBe(ErrorCodes.NotFound);
        (await Should.ThrowAsync<OrreryException>(rig.Instances.TransitionAsync("d1", "open", "opened", Ct, spec: "lift"))).Code.ShouldBe(ErrorCodes.NotFound);
    }

    [Fact]
    public async Task TransitionAsync_RacingFromOneState_ExactlyOneWins()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        var racers = Enumerable.Range(0, 50).Select(i => Task.Run(() => i % 2 == 0
            ? rig.Instances.TransitionAsync("d1", "open", "opened", Ct, from: "closed")
            : rig.Instances.TransitionAsync("d1", "lock", "locked", Ct, from: "closed"))).ToList();
        var outcomes = await Task.WhenAll(racers.Select(async r => { try { return (await r).State; } catch (OrreryException ex) { return ex.Code; } }));

        outcomes.Count(o => o is "opened" or "locked").ShouldBe(1);
        outcomes.Count(o => o == ErrorCodes.InvalidTransition).ShouldBe(49);
    }

    [Fact]
    public async Task PostTransition_ThenGet_SeesItInOrder()
    {
        await using var rig = await SpecRig.StartAsync();
        rig.Instances.PostInit("door", "d1").ShouldBeTrue();
        rig.Instances.PostTransition("d1", "open", "opened").ShouldBeTrue();
        rig.Instances.PostTransition("d1", "close", "closed").ShouldBeTrue();
        rig.Instances.PostTransition("d1", "lock", "locked").ShouldBeTrue();

        (await rig.Instances.GetAsync("d1", Ct))!.State.ShouldBe("locked");
    }

    [Fact]
    public async Task PostTransition_Refused_IsDroppedAndTheShardGoesOn()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);

        rig.Instances.PostTransition("d1", "remove", "opened").ShouldBeTrue();
        rig.Instances.PostTransition("d1", "open", "opened").ShouldBeTrue();

        (await rig.Instances.GetAsync("d1", Ct))!.State.ShouldBe("opened");
    }

    [Fact]
    public async Task PostObservedTransition_NoInstanceYet_CreatedInFromThenMovedAndLearned()
    {
        await using var rig = await SpecRig.StartAsync();

        rig.Instances.PostObservedTransition("door", "d1", "closed", "open", "opened").ShouldBeTrue();
        rig.Instances.PostObservedTransition("door", "d1", "opened", "close", "closed").ShouldBeTrue();
        rig.Instances.PostObservedTransition("door", "d1", "locked", "unlock", "closed").ShouldBeTrue(); // not where d1 is: refused

        (await rig.Instances.GetAsync("d1", Ct))!.State.ShouldBe("closed");
        rig.Models.Transitions("door").ShouldBe([new SpexTransition("closed", "open", "opened"), new SpexTransition("opened", "close", "closed")]);
    }

    [Fact]
    public async Task ListAndDelete_AcrossShards_FanOut()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Registry.RegisterAsync(SpexFormat.Parse("Specification: lift\nLearning mode: true\nTransitions:\nnil --[__initialisation__]-> down\n"), Ct);
        for (var i = 0; i < 20; i++)
        {
            await rig.Instances.InitAsync(i % 2 == 0 ? "door" : "lift", $"i{i:00}", null, null, Ct);
        }
        await rig.Instances.TransitionAsync("i00", "open", "opened", Ct);

        (await rig.Instances.ListAsync(null, Ct)).Count.ShouldBe(20);
        (await rig.Instances.CountBySpecAsync(Ct)).ShouldBe(new Dictionary<string, int> { ["door"] = 10, ["lift"] = 10 }, ignoreOrder: true);
        (await rig.Instances.ListAsync("lift", Ct)).Select(i => i.Id).ShouldBe(Enumerable.Range(0, 10).Select(i => $"i{2 * i + 1:00}"));
        (await rig.Instances.DeleteAsync(new SpecInstanceFilter("door", "closed"), Ct)).ShouldBe(9);
        (await rig.Instances.DeleteAsync("i00", Ct)).ShouldBeTrue();
        (await rig.Instances.DeleteAsync("i00", Ct)).ShouldBeFalse();
        rig.Store.Instances.Select(i => i.Spec).Distinct().ShouldBe(["lift"]);
        Should.Throw<OrreryException>(() => rig.Instances.DeleteAsync(new SpecInstanceFilter(), Ct)).Code.ShouldBe(ErrorCodes.InvalidInput);
    }

    [Fact]
    public async Task DeleteAsync_IdleSince_DeletesOnlyTheIdle()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "old", null, null, Ct);
        rig.Time.Advance(TimeSpan.FromMinutes(10));
        await rig.Instances.InitAsync("door", "new", null, null, Ct);

        (await rig.Instances.DeleteAsync(new SpecInstanceFilter(IdleSince: rig.Time.GetUtcNow() - TimeSpan.FromMinutes(5)), Ct)).ShouldBe(1);

        (await rig.Instances.ListAsync(null, Ct)).ShouldHaveSingleItem().Id.ShouldBe("new");
    }

    [Fact]
    public async Task MockAsync_AnyState_NoCheckNoModel()
    {
        await using var rig = await SpecRig.StartAsync();

        var mocked = await rig.Instances.MockAsync("door", "d1", "locked", null, Ct);
        await rig.Instances.TransitionAsync("d1", "unlock", "closed", Ct);

        mocked.State.ShouldBe("locked");
        rig.Models.Transitions("door").ShouldBe([new SpexTransition("locked", "unlock", "closed")]);
    }

    [Fact]
    public async Task Restart_InstancesAndModelsReadBack()
    {
        var rig = await SpecRig.StartAsync(shards: 4);
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        await rig.Instances.TransitionAsync("d1", "open", "opened", Ct);

        await using var restarted = await rig.RestartAsync();

        (await restarted.Instances.GetAsync("d1", Ct))!.State.ShouldBe("opened");
        restarted.Registry.Get("door").InitialState.ShouldBe("closed");
        restarted.Models.Transitions("door").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Restart_OtherDistributionFactor_EveryInstanceFound()
    {
        var rig = await SpecRig.StartAsync(shards: 4);
        for (var i = 0; i < 30; i++)
        {
            await rig.Instances.InitAsync("door", $"d{i}", null, null, Ct);
        }
        await rig.Host.StopAsync(Ct);

        await using var restarted = await SpecRig.StartAsync(shards: 3, store: rig.Store, spec: null);

        (await restarted.Instances.ListAsync(null, Ct)).Count.ShouldBe(30);
    }

    [Fact]
    public async Task TransitionAsync_StoreRefusesTheBatch_FailsAndTheShardKeepsWhatIsStored()
    {
        await using var rig = await SpecRig.StartAsync();
        await rig.Instances.InitAsync("door", "d1", null, null, Ct);
        rig.Store.FailWrites = true;

        (await Should.ThrowAsync<OrreryException>(rig.Instances.TransitionAsync("d1", "open", "opened", Ct))).Code.ShouldBe(ErrorCodes.InternalError);
        rig.Store.FailWrites = false;

        (await rig.Instances.GetAsync("d1", Ct))!.State.ShouldBe("closed");
        (await rig.Instances.TransitionAsync("d1", "open", "opened", Ct)).State.ShouldBe("opened");
    }

    [Fact]
    public async Task Calls_ShardStopped_NotOwner()
    {
        await using var rig = await SpecRig.StartAsync(shards: 2);
        var shard = SpecShardRouter.ShardOf("d1", 2);
        await rig.Shards.StopAsync(shard, Ct);

        Should.Throw<OrreryException>(() => rig.Instances.InitAsync("door", "d1", null, null, Ct)).Code.ShouldBe(ErrorCodes.NotOwner);
        rig.Instances.PostTransition("d1", "open", "opened").ShouldBeFalse();
        Should.Throw<OrreryException>(() => rig.Instances.ListAsync(null, Ct)).Code.ShouldBe(ErrorCodes.NotOwner);
    }

    [Fact]
    public async Task Ownership_SpecShardsRunWithTheGameShardsOfTheirNumber_ElsewhereNotOwner()
    {
        await using var rig = await SpecRig.StartAsync();
        var gameShards = new GameShards(GameShards.DefaultCount);
        var ids = Enumerable.Range(0, 40).Select(i => $"door-{i}").ToList();
        var onShard1 = ids.First(id => SpecShardRouter.ShardOf(id, rig.Shards.Count) == 1);
        var onShard2 = ids.First(id => SpecShardRouter.ShardOf(id, rig.Shards.Count) == 2);

        // Another replica took game shards 1 and 65 (spec shard 1 goes with game shard 1 only: 4 spec shards).
        await rig.Ownership.ReleasedAsync(new ShardSet(gameShards, [1, 2]), Ct);
        await rig.Ownership.AcquiredAsync(new ShardSet(gameShards, [2]), Ct);

        rig.Shards.Running.Select(s => s.Index).Order().ShouldBe([0, 2, 3]);
        (await Should.ThrowAsync<OrreryException>(() => rig.Instances.InitAsync("door", onShard1, null, null, Ct))).Code.ShouldBe(ErrorCodes.NotOwner);
        (await rig.Instances.InitAsync("door", onShard2, null, null, Ct)).State.ShouldBe("closed");
        rig.Instances.PostInit("door", onShard1).ShouldBeFalse();
    }
}
