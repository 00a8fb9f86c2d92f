using Orrery.Engines.Process;
using Orrery.Engines.Tests.Support;

namespace Orrery.Engines.Tests.Contract;

/// <summary>Run, talk to, list, stop and remove an engine; survive a host restart; resume from state.</summary>
public abstract partial class EngineHostContract
{
    [Fact]
    public async Task RunAsync_ReferenceEngine_AnswersHealthzInitAndStatus()
    {
        var host = NewHost();
        var spec = await SpecAsync();

        var engine = await RunHealthyAsync(host, spec);
        var initialised = await InitAsync(engine, spec.GameId, "Vegans", "Zorgs");
        var status = await Client.GetStatusAsync(engine.Endpoint, Ct);

        initialised.GameId.ShouldBe(spec.GameId);
        status.GameId.ShouldBe(spec.GameId);
        status.Turn.ShouldBe(initialised.Turn);
        status.Players.Select(p => p.RaceName).Order().ShouldBe(["Vegans", "Zorgs"]);
    }

    [Fact]
    public async Task GenerateTurnAsync_ReferenceEngineAlreadyPastTheExpectedTurn_RefusesWithTheActualTurnAndPlaysNothing()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);
        await InitAsync(engine, spec.GameId, "Vegans", "Zorgs");
        var played = await Client.GenerateTurnAsync(engine.Endpoint, spec.GameId, expectedTurn: 0, Ct);

        var error = await Should.ThrowAsync<EngineTurnMismatchException>(() => Client.GenerateTurnAsync(engine.Endpoint, spec.GameId, expectedTurn: 0, Ct));

        played.Turn.ShouldBe(1);
        error.ExpectedTurn.ShouldBe(0);
        error.ActualTurn.ShouldBe(1);
        (await Client.GetStatusAsync(engine.Endpoint, Ct)).Turn.ShouldBe(1);
    }

    /// <summary>SPEC §2: the record names the engine's network; both hosts run engines on the host's own network by default.</summary>
    [Fact]
    public async Task RunAsync_ReferenceEngine_ReportsTheHostNetworkWhenRunAndListed()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());

        engine.Network.ShouldBe(EngineInstance.HostNetwork);
        (await NewHost().ListAsync(Ct)).ShouldHaveSingleItem().Network.ShouldBe(EngineInstance.HostNetwork);
    }

    /// <summary>
    /// What a start meets on a state directory that holds another game (SPEC §12): the engine answers 409 and keeps its
    /// game, and the client reports the status, which the launcher turns into <c>engine_rejected_init</c>.
    /// </summary>
    [Fact]
    public async Task InitAsync_ReferenceEngineHoldingAnotherGame_Answers409AndKeepsItsGame()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);
        await InitAsync(engine, spec.GameId, "Vegans", "Zorgs");

        var error = await Should.ThrowAsync<EngineCallException>(() => InitAsync(engine, Guid.NewGuid(), "Vegans", "Zorgs"));

        error.StatusCode.ShouldBe(409);
        (await Client.GetStatusAsync(engine.Endpoint, Ct)).GameId.ShouldBe(spec.GameId);
    }

    [Fact]
    public async Task ListAsync_RunningEngine_ShowsItRunningWithGameVersionAndEndpoint()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);

        var listed = (await host.ListAsync(Ct)).ShouldHaveSingleItem();

        listed.Id.ShouldBe(engine.Id);
        listed.Running.ShouldBeTrue();
        listed.GameId.ShouldBe(spec.GameId);
        listed.EngineVersion.ShouldBe(spec.EngineVersion);
        listed.Endpoint.ShouldBe(engine.Endpoint);
        listed.Stack.ShouldBe(Stack);
        listed.StartedAt.ShouldBe(engine.StartedAt);
    }

    [Fact]
    public async Task ListRunningGamesAsync_CountsTheGamesOfRunningEnginesOnly()
    {
        IEngineHost host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);

        (await host.ListRunningGamesAsync(Ct)).ShouldBe([spec.GameId]);

        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);
        (await host.ListRunningGamesAsync(Ct)).ShouldBeEmpty("a stopped engine holds no room");
    }

    [Fact]
    public async Task GetResourcesAsync_TheMachine_ReportsItsMemoryAsTheKernelCountsIt()
    {
        var resources = await NewHost().GetResourcesAsync(Ct);

        // Both hosts of this suite run engines on this very machine (the test daemon is local).
        resources.MemoryTotalBytes.ShouldBe(await MemInfo.ReadTotalBytesAsync(Ct));
        resources.MemoryTotalBytes.ShouldNotBeNull().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task StopAsync_WithGrace_EngineIsGoneAndInspectSaysNotRunning()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());

        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);

        (await IsGoneAsync(engine)).ShouldBeTrue();
        var inspection = (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull();
        inspection.Running.ShouldBeFalse();
        inspection.FinishedAt.ShouldNotBeNull();
        (await host.ListAsync(Ct)).ShouldHaveSingleItem().Running.ShouldBeFalse();
        (await Client.IsHealthyAsync(engine.Endpoint, Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task RemoveAsync_StoppedEngine_IsNoLongerListedOrInspectable()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());
        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);

        await host.RemoveAsync(engine.Id, Ct);

        (await host.ListAsync(Ct)).ShouldBeEmpty();
        (await host.InspectAsync(engine.Id, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task RemoveAsync_RunningEngine_StopsItFirst()
    {
        var host = NewHost();
        var engine = await RunHealthyAsync(host, await SpecAsync());

        await host.RemoveAsync(engine.Id, Ct);

        (await EventuallyGoneAsync(engine)).ShouldBeTrue();
        (await host.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListAsync_NewHostInstance_SeesAndStopsTheEnginesOfThePreviousOne()
    {
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(NewHost(), spec);

        // As after an Orrery restart: a brand-new host over the same directory or daemon.
        var restarted = NewHost();
        var listed = (await restarted.ListAsync(Ct)).ShouldHaveSingleItem();
        listed.Id.ShouldBe(engine.Id);
        listed.Running.ShouldBeTrue();
        listed.GameId.ShouldBe(spec.GameId);
        (await restarted.InspectAsync(engine.Id, Ct)).ShouldNotBeNull().Running.ShouldBeTrue();

        await restarted.StopAsync(engine.Id, TimeSpan.FromSeconds(10), Ct);
        await restarted.RemoveAsync(engine.Id, Ct);

        (await IsGoneAsync(engine)).ShouldBeTrue();
        (await restarted.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListAsync_HostsOfDifferentStacks_NeverSeeOrTouchEachOthersEngines()
    {
        var ours = NewHost();
        var theirs = NewHost(Stack + "-other");
        var ourEngine = await RunHealthyAsync(ours, await SpecAsync());
        var theirEngine = await RunHealthyAsync(theirs, await SpecAsync());

        (await ours.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(ourEngine.Id);
        (await theirs.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(theirEngine.Id);
        (await ours.InspectAsync(theirEngine.Id, Ct)).ShouldBeNull();

        await ours.StopAsync(theirEngine.Id, TimeSpan.Zero, Ct);
        await ours.RemoveAsync(theirEngine.Id, Ct);

        (await Client.IsHealthyAsync(theirEngine.Endpoint, Ct)).ShouldBeTrue();
        (await theirs.ListAsync(Ct)).ShouldHaveSingleItem().Running.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_NewEngineOverTheSameStateDirectory_ResumesTheGame()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var first = await RunHealthyAsync(host, spec);
        await InitAsync(first, spec.GameId, "Vegans", "Zorgs");
        var afterTurn = await Client.GenerateTurnAsync(first.Endpoint, spec.GameId, expectedTurn: 0, Ct);
        await host.StopAsync(first.Id, TimeSpan.FromSeconds(10), Ct);
        await host.RemoveAsync(first.Id, Ct);

        var second = await RunHealthyAsync(host, spec);
        var status = await Client.GetStatusAsync(second.Endpoint, Ct);

        second.Id.ShouldNotBe(first.Id);
        status.GameId.ShouldBe(spec.GameId);
        status.Turn.ShouldBe(afterTurn.Turn);
        status.Players.Count.ShouldBe(afterTurn.Players.Count);
    }

    [Fact]
    public async Task RunAsync_PreviousEngineOfTheGameStopped_StartsANewOne()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var first = await RunHealthyAsync(host, spec);
        await host.StopAsync(first.Id, TimeSpan.FromSeconds(10), Ct);

        var second = await RunHealthyAsync(host, spec);

        second.Id.ShouldNotBe(first.Id);
        (await host.ListAsync(Ct)).Where(e => e.Running).ShouldHaveSingleItem().Id.ShouldBe(second.Id);
    }
}
