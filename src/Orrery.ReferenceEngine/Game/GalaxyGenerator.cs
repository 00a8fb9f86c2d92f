namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// Builds the turn-0 state of a game. Everything random comes from a generator seeded
/// with the game id, so the same id and races always build the same galaxy.
/// </summary>
internal static class GalaxyGenerator
{
    public static GameState Create(Guid gameId, IReadOnlyList<RaceSetup> races, int maxTurns)
    {
        ArgumentOutOfRangeException.ThrowIfZero(races.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTurns);

        var random = SplitMix64.FromGuid(gameId);
        var planets = PlacePlanets(random, Math.Max(GameRules.MinPlanets, GameRules.PlanetsPerRace * races.Count));
        var homes = ChooseHomes(random, planets, races.Count);

        var players = new Race[races.Count];
        for (var race = 0; race < races.Count; race++)
        {
            var home = homes[race];
            // Every home is the same size so no race starts ahead by luck of the draw.
            planets[home] = planets[home] with
            {
                Capacity = GameRules.HomeCapacity,
                Owner = race,
                Population = GameRules.StartPopulation,
            };
            var setup = races[race];
            players[race] = new Race(setup.PlayerId ?? PlayerIds.Derive(gameId, setup.Name), setup.Name, home);
        }

        return new GameState(gameId, Turn: 0, Finished: false, maxTurns, players, planets);
    }

    private static Planet[] PlacePlanets(SplitMix64 random, int count)
    {
        var side = (int)Math.Ceiling(Math.Sqrt(count * GameRules.CellsPerPlanet));
        // Capacities come in steps of 10 so they read well in a state dump.
        var capacitySteps = (int)((GameRules.MaxCapacity - GameRules.MinCapacity) / 10) + 1;
        var taken = new HashSet<(int X, int Y)>();
        var planets = new Planet[count];
        for (var id = 0; id < count; id++)
        {
            int x, y;
            do
            {
                x = random.NextInt(side);
                y = random.NextInt(side);
            }
            while (!taken.Add((x, y)));

            var capacity = GameRules.MinCapacity + (10L * random.NextInt(capacitySteps));
            planets[id] = new Planet(id, x, y, capacity, Owner: null, Population: 0);
        }

        return planets;
    }

    /// <summary>
    /// The first home is random; each next one is the planet farthest from the homes
    /// chosen so far, so races start spread out rather than on top of each other.
    /// </summary>
    private static int[] ChooseHomes(SplitMix64 random, Planet[] planets, int raceCount)
    {
        var homes = new List<int>(raceCount) { random.NextInt(planets.Length) };
        while (homes.Count < raceCount)
        {
            var best = -1;
            var bestDistance = -1L;
            foreach (var planet in planets)
            {
                if (homes.Contains(planet.Id))
                {
                    continue;
                }

                var nearestHome = homes.Min(h => planet.DistanceSquaredTo(planets[h]));
                if (nearestHome > bestDistance)
                {
                    best = planet.Id;
                    bestDistance = nearestHome;
                }
            }

            homes.Add(best);
        }

        return [.. homes];
    }
}
