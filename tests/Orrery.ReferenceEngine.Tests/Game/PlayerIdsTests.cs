using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Tests.Game;

public sealed class PlayerIdsTests
{
    [Fact]
    public void Derive_KnownNamespaceAndName_MatchesRfcVersion5()
    {
        // The DNS namespace and "python.org": the example every UUID v5 library checks against.
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        PlayerIds.Derive(dns, "python.org").ShouldBe(Guid.Parse("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
    }

    [Fact]
    public void Derive_SameGameAndRace_SameId()
    {
        var game = Guid.NewGuid();

        PlayerIds.Derive(game, "Zorg").ShouldBe(PlayerIds.Derive(game, "Zorg"));
    }

    [Fact]
    public void Derive_OtherRaceOrGame_OtherId()
    {
        var game = Guid.NewGuid();

        PlayerIds.Derive(game, "Vel").ShouldNotBe(PlayerIds.Derive(game, "Zorg"));
        PlayerIds.Derive(Guid.NewGuid(), "Zorg").ShouldNotBe(PlayerIds.Derive(game, "Zorg"));
    }
}
