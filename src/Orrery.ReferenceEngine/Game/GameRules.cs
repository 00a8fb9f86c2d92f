namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// The numbers of the galaxy game, in one place. Tuned so that a 2 to 4 race game is
/// won by domination within 15 to 40 turns (over 1,000 game ids: 2 races 15-24,
/// 4 races 21-36); change them together with that check.
/// </summary>
internal static class GameRules
{
    public const int PlanetsPerRace = 6;
    public const int MinPlanets = 12;
    public const int MaxRaces = 100;
    public const int MaxRaceNameLength = 64;
    public const int DefaultMaxTurns = 60;

    /// <summary>Grid cells per planet: sparse enough that distances differ, dense enough that neighbours matter.</summary>
    public const int CellsPerPlanet = 6;

    public const long MinCapacity = 200;
    public const long MaxCapacity = 1200;
    public const long HomeCapacity = 1000;
    public const long StartPopulation = 100;

    /// <summary>Logistic growth per turn, in percent of population at low density.</summary>
    public const int GrowthPercent = 30;

    /// <summary>A planet sends a fleet once it is at least this full (percent of capacity).</summary>
    public const int LaunchPercent = 60;

    /// <summary>Share of a launching planet's population that leaves with the fleet (percent).</summary>
    public const int FleetPercent = 50;
}
