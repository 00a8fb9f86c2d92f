using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Tests.Support;

/// <summary>Fixed game ids and races, so every game test plays a known game.</summary>
internal static class TestGames
{
    public static Guid Id(int n) => new(n, 0x4f2a, 0x4c1b, 0x9a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77);

    public static RaceSetup[] Races(int count) => [.. Enumerable.Range(1, count).Select(i => new RaceSetup($"Race {i}"))];

    public static GameState Create(int seed, int races, int maxTurns = GameRules.DefaultMaxTurns) =>
        GalaxyGenerator.Create(Id(seed), Races(races), maxTurns);

    /// <summary>Every state from turn 0 to the finish.</summary>
    public static List<GameState> PlayOut(GameState state)
    {
        var states = new List<GameState> { state };
        while (!state.Finished)
        {
            state = TurnGenerator.Next(state);
            states.Add(state);
        }

        return states;
    }
}
