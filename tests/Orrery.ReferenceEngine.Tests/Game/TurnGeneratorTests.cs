using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Tests.Support;

namespace Orrery.ReferenceEngine.Tests.Game;

public sealed class TurnGeneratorTests
{
    [Fact]
    public void Next_SameSeed_ProducesIdenticalSequenceOfStates()
    {
        var first = TestGames.PlayOut(TestGames.Create(seed: 21, races: 3));
        var second = TestGames.PlayOut(TestGames.Create(seed: 21, races: 3));

        second.Count.ShouldBe(first.Count);
        for (var turn = 0; turn < first.Count; turn++)
        {
            second[turn].Turn.ShouldBe(first[turn].Turn);
            second[turn].Finished.ShouldBe(first[turn].Finished);
            second[turn].Planets.ShouldBe(first[turn].Planets);
        }
    }

    [Fact]
    public void Next_OneTurn_AdvancesTurnByOneAndGrowsPopulation()
    {
        var start = TestGames.Create(seed: 4, races: 2);

        var next = TurnGenerator.Next(start);

        next.Turn.ShouldBe(1);
        next.PopulationOf(0).ShouldBeGreaterThan(start.PopulationOf(0));
        start.Turn.ShouldBe(0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    public void Next_EveryTurn_KeepsGalaxyInvariants(int races)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            foreach (var state in TestGames.PlayOut(TestGames.Create(seed, races)))
            {
                state.Planets.ShouldAllBe(p => p.Population >= 0 && p.Population <= p.Capacity);
                // An owner is one index per planet, so "owned twice" shows as a bad index or an empty owned planet.
                state.Planets.ShouldAllBe(p => p.IsFree ? p.Population == 0 : p.Owner >= 0 && p.Owner < races && p.Population > 0);
                var owned = Enumerable.Range(0, races).Sum(state.PlanetsOf);
                (owned + state.Planets.Count(p => p.IsFree)).ShouldBe(state.Planets.Count);
            }
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Next_TypicalGames_FinishByDominationWithinTurnLimit(int races)
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var final = TestGames.PlayOut(TestGames.Create(seed, races))[^1];

            final.Finished.ShouldBeTrue();
            final.Dominant().ShouldNotBeNull($"seed {seed}");
            final.Turn.ShouldBeInRange(10, 45);
        }
    }

    [Fact]
    public void Next_TurnLimitReached_FinishesGameWithoutDomination()
    {
        var states = TestGames.PlayOut(TestGames.Create(seed: 9, races: 4, maxTurns: 3));

        states.Count.ShouldBe(4);
        states[^1].Turn.ShouldBe(3);
        states[^1].Finished.ShouldBeTrue();
        states[^1].Dominant().ShouldBeNull();
        states[..^1].ShouldAllBe(s => !s.Finished);
    }

    [Fact]
    public void Next_DominationNotEnding_PlaysOnToTheTurnLimit()
    {
        var state = TestGames.Create(seed: 9, races: 2, maxTurns: 80);
        while (!state.Finished)
        {
            state = TurnGenerator.Next(state, dominationEnds: false);
        }

        state.Turn.ShouldBe(80);
        state.Dominant().ShouldNotBeNull("a race dominated long before the limit, and the game went on");
    }

    [Fact]
    public void Next_FinishedGame_Throws()
    {
        var finished = TestGames.PlayOut(TestGames.Create(seed: 9, races: 2, maxTurns: 1))[^1];

        Should.Throw<InvalidOperationException>(() => TurnGenerator.Next(finished));
    }
}
