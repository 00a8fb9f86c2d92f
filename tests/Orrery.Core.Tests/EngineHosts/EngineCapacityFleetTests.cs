using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Core.Tests.Fakes;
using Orrery.EngineHosts;
using Orrery.Engines;
using Orrery.Errors;

namespace Orrery.Core.Tests.EngineHosts;

/// <summary>The claim over several engine hosts (SPEC §10): most room, launches in flight counted where they go, hosts that are down skipped.</summary>
public sealed class EngineCapacityFleetTests
{
    private readonly ListedEngineHost _a = new();
    private readonly ListedEngineHost _b = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EngineCapacity Capacity(int? a, int? b) =>
        new(new EngineHostFleet([new EngineHostMember("a", _a, a), new EngineHostMember("b", _b, b)]), NullLogger<EngineCapacity>.Instance);

    private static void Run(ListedEngineHost host, int engines)
    {
        for (var i = 0; i < engines; i++)
        {
            host.Add(Guid.NewGuid());
        }
    }

    [Fact]
    public async Task ClaimAsync_TwoHosts_TheOneWithMostRoom()
    {
        Run(_a, 3);
        Run(_b, 1);

        await using var slot = await Capacity(5, 5).ClaimAsync(Guid.NewGuid(), Ct);

        slot.Host.ShouldBe("b");
    }

    [Fact]
    public async Task ClaimAsync_LaunchesInFlight_CountOnTheHostTheyGoTo()
    {
        var capacity = Capacity(2, 2);

        var hosts = new List<string>();
        var slots = new List<EngineSlot>();
        for (var i = 0; i < 4; i++)
        {
            var slot = await capacity.ClaimAsync(Guid.NewGuid(), Ct);
            slots.Add(slot);
            hosts.Add(slot.Host);
        }

        hosts.ShouldBe(["a", "b", "a", "b"]); // a tie goes to the first; each launch takes its host's room
        var refused = await Should.ThrowAsync<OrreryException>(() => capacity.ClaimAsync(Guid.NewGuid(), Ct));
        refused.Code.ShouldBe(ErrorCodes.EngineHostFull);
        refused.Message.ShouldContain("No engine host has room: a: 2 of 2 engines run or are starting; b: 2 of 2 engines");

        await slots[1].DisposeAsync(); // a launch on b failed: b has room again
        (await capacity.ClaimAsync(Guid.NewGuid(), Ct)).Host.ShouldBe("b");
    }

    [Fact]
    public async Task ClaimAsync_OneHostDown_TheOtherTakesTheGames()
    {
        _a.Failure = new IOException("Cannot connect to the Docker daemon");
        Run(_b, 3);

        await using var slot = await Capacity(10, 4).ClaimAsync(Guid.NewGuid(), Ct);

        slot.Host.ShouldBe("b");
    }

    [Fact]
    public async Task ClaimAsync_OneHostDownTheOtherFull_RefusedSayingWhy()
    {
        _a.Failure = new IOException("Cannot connect to the Docker daemon");
        Run(_b, 4);

        var refused = await Should.ThrowAsync<OrreryException>(() => Capacity(10, 4).ClaimAsync(Guid.NewGuid(), Ct));

        refused.Code.ShouldBe(ErrorCodes.EngineHostFull);
        refused.Message.ShouldContain("a: unreachable (Cannot connect to the Docker daemon)");
        refused.Message.ShouldContain("b: 4 of 4 engines");
    }

    [Fact]
    public async Task ClaimAsync_NoLimits_StillSpreadsByFewestEngines()
    {
        Run(_a, 2);

        (await Capacity(null, null).ClaimAsync(Guid.NewGuid(), Ct)).Host.ShouldBe("b");
    }

    [Fact]
    public async Task ClaimReplacementAsync_StaysOnTheGamesHostWhileItHasRoom()
    {
        var gameId = Guid.NewGuid();
        Run(_a, 1);
        var own = _b.Add(gameId);
        Run(_b, 2);

        await using var slot = await Capacity(10, 3).ClaimReplacementAsync(gameId, EngineIds.Compose("b", own.Id), Ct);

        slot.Host.ShouldBe("b"); // its own engine does not count: 2 others of 3
    }

    [Fact]
    public async Task ClaimReplacementAsync_GamesHostDown_GoesWhereThereIsRoom()
    {
        var gameId = Guid.NewGuid();
        var own = _b.Add(gameId);
        _b.Failure = new IOException("Cannot connect to the Docker daemon");

        await using var slot = await Capacity(10, 10).ClaimReplacementAsync(gameId, EngineIds.Compose("b", own.Id), Ct);

        slot.Host.ShouldBe("a");
    }
}
