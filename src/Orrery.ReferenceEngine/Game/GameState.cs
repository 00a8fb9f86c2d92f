namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// The whole game at the end of one turn. Immutable, so readers never need the lock
/// that serialises init and turns; a turn swaps in a new instance.
/// </summary>
/// <param name="GameId">The game id the galaxy was seeded from.</param>
/// <param name="Turn">Turns generated so far (0 right after init).</param>
/// <param name="Finished">True once a race dominates or the turn limit is reached.</param>
/// <param name="MaxTurns">The turn limit, fixed at init so a game keeps its rules across restarts.</param>
/// <param name="Races">The races, in init order.</param>
/// <param name="Planets">The planets, indexed by <see cref="Planet.Id"/>.</param>
internal sealed record GameState(
    Guid GameId,
    int Turn,
    bool Finished,
    int MaxTurns,
    IReadOnlyList<Race> Races,
    IReadOnlyList<Planet> Planets)
{
    public int PlanetsOf(int race) => Planets.Count(p => p.Owner == race);

    public long PopulationOf(int race) => Planets.Where(p => p.Owner == race).Sum(p => p.Population);

    /// <summary>The race holding more than half of the planets, if any.</summary>
    public int? Dominant()
    {
        for (var race = 0; race < Races.Count; race++)
        {
            if (PlanetsOf(race) * 2 > Planets.Count)
            {
                return race;
            }
        }

        return null;
    }
}
