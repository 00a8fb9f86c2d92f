namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// Where a fleet goes: the nearest free planet while any is left, then the nearest
/// planet of a weaker race. Only stronger races attack, so the game snowballs towards
/// one dominant race instead of trading planets back and forth for ever.
/// </summary>
internal static class FleetTargets
{
    public static Planet? Choose(Planet[] planets, int races, Planet source)
    {
        var free = Nearest(planets, source, p => p.IsFree);
        if (free is not null)
        {
            return free;
        }

        var strength = Strengths(planets, races);
        var own = strength[source.Owner!.Value];
        return Nearest(planets, source, p => p.Owner is { } owner && strength[owner].CompareTo(own) < 0);
    }

    private static Planet? Nearest(Planet[] planets, Planet source, Func<Planet, bool> eligible)
    {
        Planet? best = null;
        var bestDistance = long.MaxValue;
        foreach (var planet in planets)
        {
            // Strictly nearer only: ties go to the lower id, which keeps turns deterministic.
            if (planet.Id != source.Id && eligible(planet) && planet.DistanceSquaredTo(source) < bestDistance)
            {
                best = planet;
                bestDistance = planet.DistanceSquaredTo(source);
            }
        }

        return best;
    }

    /// <summary>Strength is planets held, then total population.</summary>
    private static (int Planets, long Population)[] Strengths(Planet[] planets, int races)
    {
        var strength = new (int Planets, long Population)[races];
        foreach (var planet in planets)
        {
            if (planet.Owner is { } owner)
            {
                strength[owner] = (strength[owner].Planets + 1, strength[owner].Population + planet.Population);
            }
        }

        return strength;
    }
}
