using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Core.Tests.Fakes;
using Orrery.EngineHosts;
using Orrery.Errors;

namespace Orrery.Core.Tests.EngineHosts;

public sealed class EngineCapacityTests
{
    private readonly ListedEngineHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EngineCapacity Capacity(int capacity) =>
        new(EngineHostFleet.Single(_host, capacity > 0 ? capacity : null), NullLogger<EngineCapacity>.Instance);

    [Fact]
    public async Task ClaimAsync_RoomLeft_Granted()
    {
        _host.Add(Guid.NewGuid());

        await using var slot = await Capacity(2).ClaimAsync(Guid.NewGuid(), Ct);

        slot.ShouldNotBeNull();
    }

    [Fact]
    public async Task ClaimAsync_HostFull_EngineHostFullSayingHowFull()
    {
        _host.Add(Guid.NewGuid());
        _host.Add(Guid.NewGuid());

        var refused = await Should.ThrowAsync<OrreryException>(() => Capacity(2).ClaimAsync(Guid.NewGuid(), Ct));

        refused.Code.ShouldBe(ErrorCodes.EngineHostFull);
        refused.Message.ShouldContain("2 of 2 engines");
        refused.Message.ShouldContain("Orrery:EngineCapacity");
    }

    [Fact]
    public async Task ClaimAsync_ExitedEnginesAndTheGamesOwn_TakeNoRoom()
    {
        var gameId = Guid.NewGuid();
        _host.Add(Guid.NewGuid(), running: false);
        _host.Add(gameId);

        await using var slot = await Capacity(1).ClaimAsync(gameId, Ct);
    }

    [Fact]
    public async Task ClaimAsync_LaunchInFlight_CountsUntilGivenBack()
    {
        var capacity = Capacity(2);
        _host.Add(Guid.NewGuid());
        var launching = await capacity.ClaimAsync(Guid.NewGuid(), Ct);

        (await Should.ThrowAsync<OrreryException>(() => capacity.ClaimAsync(Guid.NewGuid(), Ct))).Code.ShouldBe(ErrorCodes.EngineHostFull);

        await launching.DisposeAsync(); // the launch failed: its room is free again
        await using var slot = await capacity.ClaimAsync(Guid.NewGuid(), Ct);
    }

    [Fact]
    public async Task ClaimAsync_LaunchedEngineListedWhileClaimed_CountsOnce()
    {
        var capacity = Capacity(2);
        var launchedGame = Guid.NewGuid();
        await using var launching = await capacity.ClaimAsync(launchedGame, Ct);
        _host.Add(launchedGame);

        await using var slot = await capacity.ClaimAsync(Guid.NewGuid(), Ct);
    }

    [Fact]
    public async Task ClaimReplacementAsync_FullHost_NeverRefusedButCounted()
    {
        var capacity = Capacity(2);
        var replaced = Guid.NewGuid();
        _host.Add(Guid.NewGuid());
        _host.Add(replaced);

        await using var replacement = await capacity.ClaimReplacementAsync(replaced, null, Ct);
        _host.Add(Guid.NewGuid(), running: false); // its old engine is down; the replacement still holds the room

        (await Should.ThrowAsync<OrreryException>(() => capacity.ClaimAsync(Guid.NewGuid(), Ct))).Code.ShouldBe(ErrorCodes.EngineHostFull);
    }

    [Fact]
    public async Task ClaimAsync_NoCapacity_GrantedWithoutListing()
    {
        _host.Add(Guid.NewGuid());

        await using var slot = await Capacity(0).ClaimAsync(Guid.NewGuid(), Ct);

        _host.Listings.ShouldBe(0);
    }

    [Fact]
    public async Task ClaimAsync_TwoAtOnceForTheLastRoom_OneRefused()
    {
        var capacity = Capacity(1);
        _host.ListingGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = capacity.ClaimAsync(Guid.NewGuid(), Ct);
        var second = capacity.ClaimAsync(Guid.NewGuid(), Ct);
        _host.ListingGate.SetResult();

        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second));
        outcomes.Order().ShouldBe([ErrorCodes.EngineHostFull, "granted"]);
    }

    [Fact]
    public async Task ReleaseDuringAnotherListing_WaitsForIt_SoTheLaunchIsCountedThere()
    {
        var capacity = Capacity(1);
        var launchedGame = Guid.NewGuid();
        var launching = await capacity.ClaimAsync(launchedGame, Ct);
        _host.ListingGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listingsBefore = _host.Listings;

        // The listing is taken before the launched engine exists ...
        var claim = Outcome(capacity.ClaimAsync(Guid.NewGuid(), Ct));
        await WaitUntilAsync(() => _host.Listings > listingsBefore);
        _host.Add(launchedGame);
        // ... and the launch is given back meanwhile: it must still count for that listing.
        var release = launching.DisposeAsync().AsTask();
        await Task.Delay(50, Ct);
        release.IsCompleted.ShouldBeFalse("a claim is given back only between two checks");
        _host.ListingGate.SetResult();

        (await claim).ShouldBe(ErrorCodes.EngineHostFull);
        await release;
    }

    /// <summary>A granted slot is kept, not given back: the other claims of the test must still see it.</summary>
    private static async Task<string> Outcome(Task<EngineSlot> claim)
    {
        try
        {
            await claim;
            return "granted";
        }
        catch (OrreryException ex)
        {
            return ex.Code;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(5, Ct);
        }
    }
}
