using Orrery.Engines;
using Orrery.Runtime;
using Orrery.Snapshots;

namespace Orrery.Core.Tests.Snapshots;

public sealed class PlayerStandingsTests
{
    private static readonly Guid GameId = Guid.NewGuid();

    [Fact]
    public void Players_are_matched_by_engine_id_before_race_name()
    {
        var alice = new PlayerMapping(GameId, Guid.NewGuid(), "Andorians", Guid.NewGuid());
        var bob = new PlayerMapping(GameId, Guid.NewGuid(), "Cygnans", Guid.NewGuid());
        // The engine renamed nothing but reports Alice's id under Bob's race name: the id wins.
        var standings = PlayerStandings.Match([new EnginePlayer(alice.EnginePlayerId, "Cygnans", 4, 40)], [alice, bob]);

        standings.ShouldHaveSingleItem().ShouldBe(new PlayerStanding(alice.UserId, "Andorians", 4, 40));
    }

    [Fact]
    public void An_engine_restarted_with_its_first_ids_is_matched_by_race_name()
    {
        var alice = new PlayerMapping(GameId, Guid.NewGuid(), "Andorians", Guid.NewGuid());
        var standings = PlayerStandings.Match([new EnginePlayer(Guid.NewGuid(), "Andorians", 2, 20)], [alice]);

        standings.ShouldHaveSingleItem().UserId.ShouldBe(alice.UserId);
    }

    [Fact]
    public void Players_no_mapping_claims_are_left_out()
    {
        var alice = new PlayerMapping(GameId, Guid.NewGuid(), "Andorians", Guid.NewGuid());
        PlayerStandings.Match([new EnginePlayer(Guid.NewGuid(), "Neutrals", 9, 90)], [alice]).ShouldBeEmpty();
    }
}
