namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>One lifecycle call of the plan.</summary>
internal sealed record ChaosStep(int Index, Guid GameId, string Op);

/// <summary>
/// What a chaos run does, drawn from a seed so a failing run can be replayed: every game alternates start and
/// stop (so each call is acceptable when it is made), the games' calls are interleaved at random, and the node
/// is killed after a few randomly chosen calls.
/// </summary>
internal sealed class ChaosPlan
{
    private ChaosPlan(IReadOnlyList<ChaosStep> steps, IReadOnlySet<int> killAfter)
    {
        Steps = steps;
        KillAfter = killAfter;
    }

    public IReadOnlyList<ChaosStep> Steps { get; }

    /// <summary>Indexes of the steps after which the node is killed.</summary>
    public IReadOnlySet<int> KillAfter { get; }

    public static ChaosPlan Create(Random random, IReadOnlyList<Guid> games, int operations, int kills)
    {
        var counts = CallsPerGame(random, games.Count, operations);
        var issued = new int[games.Count];
        var open = Enumerable.Range(0, games.Count).ToList();
        var steps = new List<ChaosStep>(operations);
        while (open.Count > 0)
        {
            var slot = random.Next(open.Count);
            var game = open[slot];
            steps.Add(new ChaosStep(steps.Count, games[game], issued[game] % 2 == 0 ? "start" : "stop"));
            if (++issued[game] == counts[game])
            {
                open.RemoveAt(slot);
            }
        }

        var killAfter = new HashSet<int>();
        while (killAfter.Count < kills)
        {
            killAfter.Add(random.Next(operations / 10, operations * 9 / 10));
        }
        return new ChaosPlan(steps, killAfter);
    }

    /// <summary>
    /// An even share each, then calls moved between random games so that some end on a start (odd counts) and
    /// others on a stop (even counts).
    /// </summary>
    private static int[] CallsPerGame(Random random, int games, int operations)
    {
        var counts = Enumerable.Range(0, games).Select(g => operations / games + (g < operations % games ? 1 : 0)).ToArray();
        for (var moved = 0; moved < games / 4; moved++)
        {
            var (from, to) = (random.Next(games), random.Next(games));
            if (from != to && counts[from] > 1)
            {
                counts[from]--;
                counts[to]++;
            }
        }
        return counts;
    }
}
