using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Core.Tests.Fakes;
using Orrery.EngineHosts;
using Orrery.Engines;

namespace Orrery.Core.Tests.EngineHosts;

/// <summary>Engine ids that name their host, and listings that survive one host being down (SPEC §10).</summary>
public sealed class RoutedEngineHostTests
{
    private readonly ListedEngineHost _a = new() { Info = new(EngineHostKinds.Docker, "unix:///run/a.sock") };
    private readonly ListedEngineHost _b = new() { Info = new(EngineHostKinds.Docker, "unix:///run/b.sock") };
    private readonly RoutedEngineHost _host;

    public RoutedEngineHostTests() =>
        _host = new RoutedEngineHost(
            new EngineHostFleet([new EngineHostMember("a", _a, 10), new EngineHostMember("b", _b, 10)]),
            TimeProvider.System,
            NullLogger<RoutedEngineHost>.Instance);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_OnTheChosenHost_IdNamesIt()
    {
        var gameId = Guid.NewGuid();

        var engine = await _host.RunAsync(new EngineRunSpec(gameId, "1.0.0", "image", "/state", Host: "b"), Ct);

        var localId = (await _b.ListAsync(Ct)).ShouldHaveSingleItem().Id;
        engine.Id.ShouldBe($"b/{localId}");
        (await _a.ListAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_NoHostChosen_Refused() =>
        await Should.ThrowAsync<ArgumentException>(() => _host.RunAsync(new EngineRunSpec(Guid.NewGuid(), "1.0.0", "image", "/state"), Ct));

    [Fact]
    public async Task StopRemoveInspect_GoToTheHostTheIdNames()
    {
        var engine = _b.Add(Guid.NewGuid());
        var id = EngineIds.Compose("b", engine.Id);

        await _host.StopAsync(id, TimeSpan.FromSeconds(1), Ct);
        await _host.RemoveAsync(id, Ct);
        var inspection = await _host.InspectAsync(id, Ct);

        _b.Touched.ShouldBe([$"stop {engine.Id}", $"remove {engine.Id}"]);
        _a.Touched.ShouldBeEmpty();
        inspection.ShouldNotBeNull().Id.ShouldBe(id);
    }

    [Fact]
    public async Task PlainId_OfANodeThatHadOneHost_IsFoundOnWhicheverHostHasIt()
    {
        var engine = _b.Add(Guid.NewGuid());

        await _host.StopAsync(engine.Id, TimeSpan.FromSeconds(1), Ct);

        _b.Touched.ShouldBe([$"stop {engine.Id}"]);
        (await _host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull().Running.ShouldBeTrue();
    }

    [Fact]
    public async Task IdOfAHostNoLongerConfigured_IsAMissingEngine()
    {
        (await _host.InspectAsync("gone/0123", Ct)).ShouldBeNull();
        await _host.StopAsync("gone/0123", TimeSpan.FromSeconds(1), Ct);
        await _host.RemoveAsync("gone/0123", Ct);

        _a.Touched.ShouldBeEmpty();
        _b.Touched.ShouldBeEmpty();
    }

    [Fact]
    public async Task ListByHostAsync_OneHostDown_TheOthersEnginesAndWhichHostFailed()
    {
        var engine = _a.Add(Guid.NewGuid());
        _b.Failure = new IOException("Cannot connect to the Docker daemon at unix:///run/b.sock");

        var listing = await _host.ListByHostAsync(Ct);

        listing.Engines.ShouldHaveSingleItem().Id.ShouldBe($"a/{engine.Id}");
        listing.Unreachable.ShouldBe([new UnreachableEngineHost("b", "Cannot connect to the Docker daemon at unix:///run/b.sock")]);
        listing.MayHide("b/0123").ShouldBeTrue();
        listing.MayHide("0123").ShouldBeTrue(); // a plain id could be on b
        listing.MayHide("a/0123").ShouldBeFalse();
        listing.MayHide(null).ShouldBeFalse();
        (await _host.ListAsync(Ct)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task ListAsync_EveryHostDown_Fails()
    {
        _a.Failure = new IOException("a is down");
        _b.Failure = new IOException("b is down");

        (await Should.ThrowAsync<IOException>(() => _host.ListAsync(Ct))).Message.ShouldBe("a is down");
    }

    [Fact]
    public async Task OneHost_KeepsItsOwnIds_AndStillRoutesIdsThatNameIt()
    {
        var single = new RoutedEngineHost(
            new EngineHostFleet([new EngineHostMember("a", _a, 5)]), TimeProvider.System, NullLogger<RoutedEngineHost>.Instance);
        var engine = _a.Add(Guid.NewGuid());

        single.Info.ShouldBe(_a.Info);
        (await single.ListAsync(Ct)).ShouldHaveSingleItem().Id.ShouldBe(engine.Id);
        (await single.RunAsync(new EngineRunSpec(Guid.NewGuid(), "1.0.0", "image", "/state"), Ct)).Id.ShouldNotContain("/");
        await single.StopAsync($"a/{engine.Id}", TimeSpan.FromSeconds(1), Ct); // written while the node had several hosts
        _a.Touched.ShouldBe([$"stop {engine.Id}"]);
    }
}
