namespace Orrery.Runtime;

/// <summary>A player's planets and population as the engine reported them in one snapshot.</summary>
public sealed record PlayerStanding(Guid UserId, string RaceName, int Planets, long Population);

/// <summary>A player's latest standing and the largest values it reached over the game.</summary>
public sealed record PlayerTurnStats(
    Guid UserId,
    string RaceName,
    int CurrentPlanets,
    long CurrentPopulation,
    int MaxPlanets,
    long MaxPopulation);
