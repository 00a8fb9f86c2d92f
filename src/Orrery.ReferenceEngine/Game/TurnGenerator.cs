namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// Generates one turn: populations grow, full planets send fleets, then the end
/// condition is checked. No randomness: the galaxy carries all of it, so a restarted
/// engine continues exactly the game it saved.
/// </summary>
internal static class TurnGenerator
{
    /// <param name="dominationEnds">False: a dominant race does not end the game, only the turn limit does.</param>
    public static GameState Next(GameState state, bool dominationEnds = true)
    {
        if (state.Finished)
        {
            throw new InvalidOperationException($"Game {state.GameId} has already finished.");
        }

        var planets = state.Planets.ToArray();
        Grow(planets);

        // The first race to move gains an edge, so the order rotates every turn.
        var races = state.Races.Count;
        for (var i = 0; i < races; i++)
        {
            MoveFleets(planets, races, (state.Turn + i) % races);
        }

        var next = state with { Turn = state.Turn + 1, Planets = planets };
        return next with { Finished = (dominationEnds && next.Dominant() is not null) || next.Turn >= next.MaxTurns };
    }

    private static void Grow(Planet[] planets)
    {
        for (var i = 0; i < planets.Length; i++)
        {
            var planet = planets[i];
            if (planet.IsFree || planet.Population >= planet.Capacity)
            {
                continue;
            }

            // Logistic: fast while the planet is empty, slowing as it fills up.
            var growth = planet.Population * GameRules.GrowthPercent * (planet.Capacity - planet.Population)
                / (100 * planet.Capacity);
            var grown = planet.Population + Math.Max(1, growth);
            planets[i] = planet with { Population = Math.Min(planet.Capacity, grown) };
        }
    }

    private static void MoveFleets(Planet[] planets, int races, int race)
    {
        // Launchers are picked once; a planet captured earlier this turn has just been
        // settled and waits for the next turn.
        var launchers = planets
            .Where(p => p.Owner == race && p.Population * 100 >= p.Capacity * GameRules.LaunchPercent)
            .OrderByDescending(p => p.Population)
            .ThenBy(p => p.Id)
            .Select(p => p.Id)
            .ToArray();

        foreach (var id in launchers)
        {
            var source = planets[id];
            if (source.Owner != race)
            {
                continue;
            }

            var target = FleetTargets.Choose(planets, races, source);
            if (target is null)
            {
                continue;
            }

            var fleet = source.Population * GameRules.FleetPercent / 100;
            planets[id] = source with { Population = source.Population - fleet };
            planets[target.Id] = Land(target, race, fleet);
        }
    }

    /// <summary>
    /// A fleet settles a free planet, takes an enemy planet it outnumbers, or otherwise
    /// dies killing as many defenders; a planet left with nobody on it is free again.
    /// </summary>
    private static Planet Land(Planet target, int race, long fleet)
    {
        if (target.IsFree || fleet > target.Population)
        {
            var settlers = Math.Min(target.Capacity, fleet - target.Population);
            return target with { Owner = race, Population = settlers };
        }

        var defenders = target.Population - fleet;
        return defenders == 0
            ? target with { Owner = null, Population = 0 }
            : target with { Population = defenders };
    }
}
