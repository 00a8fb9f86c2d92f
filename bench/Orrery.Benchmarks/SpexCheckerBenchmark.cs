using System.Diagnostics;
using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Benchmarks;

/// <summary>
/// The equivalence checker (SPEC §9) on pairs of 10^3 to 10^6 transitions (both sides together), three families,
/// each pair equivalent so the refinement runs to the end: <c>random</c> (random systems, 20% tau steps, against a
/// copy with inert taus inserted and states duplicated), <c>chain</c> (one long a-chain with a tau step every third
/// state, against the same chain with taus elsewhere: every state is its own class, the worst case of round-based
/// refinement) and <c>tree</c> (a random tree with labels a, b and tau, against a disguised copy). Beside each, the
/// naive signature refinement in the same run, stopped after a budget (default 300 s) with how far it got.
/// Arguments: [largest exponent (6)] [naive budget in seconds (300)].
/// </summary>
internal static class SpexCheckerBenchmark
{
    public static Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var largest = args.Length > 0 ? int.Parse(args[0]) : 6;
        var budget = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1]) : 300);
        var checker = new BranchingBisimulationChecker();
        // Warm-up: JIT for both.
        var (warmLeft, warmRight) = Pair("random", 1_000, 1);
        checker.Check(warmLeft, warmRight, cancellationToken);
        NaiveSignatureRefinement.Check(warmLeft, warmRight, budget);

        Console.WriteLine("| family | transitions | states | orrery | of which refinement | naive refinement | naive rounds | speed-up |\n|---|---|---|---|---|---|---|---|");
        var times = new Dictionary<(string, int), double>();
        foreach (var family in new[] { "random", "chain", "tree" })
        {
            for (var exponent = 3; exponent <= largest; exponent++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var size = (int)Math.Pow(10, exponent);
                var (left, right) = Pair(family, size, exponent);
                GC.Collect();
                var clock = Stopwatch.StartNew();
                var verdict = checker.Check(left, right, cancellationToken);
                var orrery = clock.Elapsed.TotalMilliseconds;
                times[(family, exponent)] = orrery;
                if (!verdict.Equivalent)
                {
                    throw new InvalidOperationException($"{family} {size}: the pair should be equivalent: {verdict.Reason}");
                }
                GC.Collect();
                var refinement = RefinementTime(left, right, cancellationToken);
                GC.Collect();
                var naive = NaiveSignatureRefinement.Check(left, right, budget);
                if (naive.Equivalent == false)
                {
                    throw new InvalidOperationException($"{family} {size}: the naive refinement disagrees");
                }
                var naiveText = naive.Equivalent is null
                    ? $"stopped after {naive.Elapsed.TotalSeconds:0} s ({naive.Blocks:N0} blocks so far)"
                    : $"{naive.Elapsed.TotalMilliseconds:N0} ms";
                var ratio = naive.Elapsed.TotalMilliseconds / orrery;
                var states = left.Transitions.SelectMany(t => new[] { t.From, t.To }).Distinct().Count()
                    + right.Transitions.SelectMany(t => new[] { t.From, t.To }).Distinct().Count();
                Console.WriteLine($"| {family} | {left.Transitions.Length + right.Transitions.Length:N0} | {states:N0} | {orrery:N0} ms | {refinement:N0} ms | {naiveText} | {naive.Rounds:N0} | {(naive.Equivalent is null ? ">= " : "")}{ratio:0.#}x |");
            }
        }
        if (largest >= 6)
        {
            Console.WriteLine();
            foreach (var family in new[] { "random", "chain", "tree" })
            {
                Console.WriteLine($"growth 10^5 -> 10^6 transitions, {family}: time x{times[(family, 6)] / times[(family, 5)]:0.0} (goal <= 15)");
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The partition refinement alone (a second run), without building the union and collapsing tau cycles.</summary>
    private static double RefinementTime(SpexDocument left, SpexDocument right, CancellationToken cancellationToken)
    {
        var quotient = TauCycles.Collapse(SpexUnion.Build(left, right).System, out _, cancellationToken);
        var clock = Stopwatch.StartNew();
        BranchingPartition.Refine(quotient, cancellationToken);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>An equivalent pair of about <paramref name="transitions"/> transitions in all.</summary>
    private static (SpexDocument Left, SpexDocument Right) Pair(string family, int transitions, int seed)
    {
        var random = new Random(seed * 7919 + family.Length);
        var half = transitions / 2;
        var steps = family switch
        {
            "random" => RandomSystem(random, half * 3 / 4),
            "chain" => Chain(half * 3 / 4),
            _ => Tree(random, half * 3 / 4),
        };
        // The disguise adds about a third as many steps again: inert taus after some steps, duplicated states.
        return (Document("left", steps), Document("right", Disguise(random, steps)));
    }

    private static List<(int From, string Action, int To)> RandomSystem(Random random, int count)
    {
        var states = Math.Max(2, count / 3);
        return [.. Enumerable.Range(0, count).Select(_ => (random.Next(states), random.Next(5) == 0 ? SpexNames.Internal : "abcd"[random.Next(4)].ToString(), random.Next(states)))];
    }

    private static List<(int From, string Action, int To)> Chain(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (i, i % 3 == 2 ? SpexNames.Internal : "a", i + 1))];

    private static List<(int From, string Action, int To)> Tree(Random random, int count) =>
        [.. Enumerable.Range(1, count).Select(i => (random.Next(i), random.Next(6) == 0 ? SpexNames.Internal : random.Next(2) == 0 ? "a" : "b", i))];

    /// <summary>Inert taus inserted after a quarter of the steps (a.x becomes a.tau.x), a tenth of the states duplicated.</summary>
    private static List<(int From, string Action, int To)> Disguise(Random random, List<(int From, string Action, int To)> steps)
    {
        var next = steps.Max(s => Math.Max(s.From, s.To)) + 1;
        var result = new List<(int From, string Action, int To)>(steps.Count * 3 / 2);
        foreach (var step in steps)
        {
            if (random.Next(4) == 0)
            {
                result.Add((step.From, step.Action, next));
                result.Add((next++, SpexNames.Internal, step.To));
            }
            else
            {
                result.Add(step);
            }
        }
        var copies = new Dictionary<int, int>();
        foreach (var state in result.Select(s => s.From).Distinct().Where(s => s != 0 && random.Next(10) == 0).ToList())
        {
            copies[state] = next++;
        }
        var outgoing = result.Where(s => copies.ContainsKey(s.From)).Select(s => (copies[s.From], s.Action, s.To)).ToList();
        result = [.. result.Select(s => copies.TryGetValue(s.To, out var copy) && random.Next(2) == 0 ? (s.From, s.Action, copy) : s)];
        result.AddRange(outgoing);
        return result;
    }

    private static SpexDocument Document(string name, List<(int From, string Action, int To)> steps) => new()
    {
        Name = name,
        Transitions = [.. steps.Select(s => new SpexTransition($"s{s.From}", s.Action, $"s{s.To}"))
            .Prepend(new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, "s0")).Distinct()],
    };
}
