using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Game;

public sealed class GalaxyGeneratorTests
{
    [Fact]
    public void Create_SameGameIdAndRaces_BuildsIdenticalGalaxy()
    {
        var first = TestGames.Create(seed: 7, races: 3);
        var second = TestGames.Create(seed: 7, races: 3);

        second.Planets.ShouldBe(first.Planets);
        second.Races.ShouldBe(first.Races);
    }

    [Fact]
    public void Create_DifferentGameIds_BuildDifferentGalaxies()
    {
        var first = TestGames.Create(seed: 1, races: 2);
        var second = TestGames.Create(seed: 2, races: 2);

        second.Planets.Select(p => (p.X, p.Y, p.Capacity)).ShouldNotBe(first.Planets.Select(p => (p.X, p.Y, p.Capacity)));
    }

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 12)]
    [InlineData(3, 18)]
    [InlineData(4, 24)]
    [InlineData(10, 60)]
    public void Create_RaceCount_HasSixPlanetsPerRaceAndAtLeastTwelve(int races, int planets)
    {
        var state = TestGames.Create(seed: 3, races);

        state.Planets.Count.ShouldBe(planets);
        state.Planets.Select(p => p.Id).ShouldBe(Enumerable.Range(0, planets));
        state.Planets.Select(p => (p.X, p.Y)).Distinct().Count().ShouldBe(planets);
    }

    [Fact]
    public void Create_FourRaces_EachStartsOnOwnHomeWithStartPopulation()
    {
        var state = TestGames.Create(seed: 5, races: 4);

        state.Turn.ShouldBe(0);
        state.Finished.ShouldBeFalse();
        state.Races.Select(r => r.HomePlanetId).Distinct().Count().ShouldBe(4);
        for (var race = 0; race < state.Races.Count; race++)
        {
            var home = state.Planets[state.Races[race].HomePlanetId];
            home.Owner.ShouldBe(race);
            home.Population.ShouldBe(GameRules.StartPopulation);
            home.Capacity.ShouldBe(GameRules.HomeCapacity);
            state.PlanetsOf(race).ShouldBe(1);
        }
    }

    [Fact]
    public void Create_AnyGalaxy_CapacitiesWithinRules()
    {
        var state = TestGames.Create(seed: 11, races: 6);

        state.Planets.ShouldAllBe(p => p.Capacity >= GameRules.MinCapacity && p.Capacity <= GameRules.MaxCapacity);
        state.Planets.Where(p => p.IsFree).ShouldAllBe(p => p.Population == 0);
    }

    [Fact]
    public void Create_PlayerIdGiven_UsesItAndDerivesTheOthers()
    {
        var given = Guid.Parse("11111111-2222-3333-4444-555555555555");
        var state = GalaxyGenerator.Create(TestGames.Id(1), [new RaceSetup("A", given), new RaceSetup("B")], maxTurns: 10);

        state.Races[0].PlayerId.ShouldBe(given);
        state.Races[1].PlayerId.ShouldBe(PlayerIds.Derive(TestGames.Id(1), "B"));
        state.MaxTurns.ShouldBe(10);
    }
}
