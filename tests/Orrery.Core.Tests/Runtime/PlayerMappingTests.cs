using Orrery.Engines;
using Orrery.Games;
using Orrery.Runtime;

namespace Orrery.Core.Tests.Runtime;

/// <summary>Rebuilding the player mappings of an engine a start adopts (issue 6).</summary>
public sealed class PlayerMappingTests
{
    private static readonly Guid Ann = Guid.NewGuid(), Bob = Guid.NewGuid();
    private static readonly Game TwoRaces = new(
        Guid.NewGuid(), "1.0.0", "0 0 * * *", [new Membership(Ann, "Andorians"), new Membership(Bob, "Cygnans")],
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void FromEngine_SameRaces_EachMemberGetsTheEnginesIdOfItsRace()
    {
        var (andorians, cygnans) = (Guid.NewGuid(), Guid.NewGuid());

        var mappings = PlayerMapping.FromEngine(TwoRaces, State(("Cygnans", cygnans), ("Andorians", andorians)));

        mappings.ShouldBe(
        [
            new PlayerMapping(TwoRaces.Id, Ann, "Andorians", andorians),
            new PlayerMapping(TwoRaces.Id, Bob, "Cygnans", cygnans),
        ]);
    }

    [Theory]
    [InlineData("Andorians")] // a member has no race in the engine
    [InlineData("Andorians", "Cygnans", "Denebians")] // the engine has a race no member plays
    [InlineData("Andorians", "cygnans")] // race names are compared exactly
    [InlineData("Andorians", "Andorians")] // one race twice, another missing
    public void FromEngine_OtherRaces_NoMappings(params string[] engineRaces) =>
        PlayerMapping.FromEngine(TwoRaces, State([.. engineRaces.Select(r => (r, Guid.NewGuid()))])).ShouldBeNull();

    private static EngineState State(params (string Race, Guid Id)[] players) =>
        new(TwoRaces.Id, 3, false, [.. players.Select(p => new EnginePlayer(p.Id, p.Race, 1, 10))]);
}
