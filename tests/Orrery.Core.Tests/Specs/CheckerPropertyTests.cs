using CsCheck;
using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Core.Tests.Specs;

/// <summary>
/// The checker against <see cref="NaiveBranchingBisimulation"/> on thousands of random small pairs: 1-8 states,
/// actions a, b, c and tau (tau cycles included), the right side either unrelated, or the left side changed in ways
/// that keep branching bisimilarity (inert tau inserted after a step, a state duplicated, states renumbered), or such
/// a copy with one step added or removed (often a near miss). Both sides name their states s0, s1, ... so the union
/// must keep them apart.
/// </summary>
public sealed class CheckerPropertyTests
{
    private static readonly string[] Actions = [SpexNames.Internal, "a", "b", "c"];

    private static Gen<Lts> GenLts(int minStates, int maxStates) =>
        from states in Gen.Int[minStates, maxStates]
        from steps in (from source in Gen.Int[0, states - 1]
                       from action in Gen.Int[0, 3]
                       from to in Gen.Int[0, states - 1]
                       select new Step(source, action, to)).Array[0, 2 * states + 2]
        select new Lts(states, steps);

    private static Gen<(Lts Left, Lts Right)> GenPair(int minStates, int maxStates) =>
        from left in GenLts(minStates, maxStates)
        from kind in Gen.Int[0, 3]
        from other in GenLts(minStates, maxStates)
        from seed in Gen.Int
        select (left, kind switch
        {
            0 => other,
            1 => left.Disguised(new Random(seed)),
            2 => left.Disguised(new Random(seed)).Mutated(new Random(~seed)),
            _ => left.Disguised(new Random(seed)).Disguised(new Random(seed ^ 0x5bd1e995)),
        });

    [Fact]
    public void Agrees_with_the_naive_fixpoint_on_small_pairs_and_explains_every_difference()
    {
        var (equivalent, different) = Check(GenPair(1, 8), 4000);

        // The generator must give both verdicts often, or the agreement says little.
        equivalent.ShouldBeGreaterThan(800);
        different.ShouldBeGreaterThan(800);
    }

    [Fact]
    public void Agrees_with_the_naive_fixpoint_on_larger_pairs()
    {
        // Dozens of states make long split sequences, where marking only the smaller parts could go wrong.
        var (equivalent, different) = Check(GenPair(10, 30), 150);

        equivalent.ShouldBeGreaterThan(20);
        different.ShouldBeGreaterThan(20);
    }

    private static (int Equivalent, int Different) Check(Gen<(Lts Left, Lts Right)> gen, int count)
    {
        var (equivalent, different) = (0, 0);
        // One fixed seed for a batch of pairs: the same pairs on every run (a failure names its pair).
        gen.Array[count].Sample(pairs =>
        {
            foreach (var pair in pairs)
            {
                var (left, right) = (pair.Left.ToDocument("left"), pair.Right.ToDocument("right"));
                var naive = new NaiveBranchingBisimulation(left, right);

                var comparison = BranchingBisimulationChecker.Compare(left, right);

                comparison.Verdict.Equivalent.ShouldBe(naive.Equivalent, $"{SpexFormat.Write(left)}\n{SpexFormat.Write(right)}");
                BranchingBisimulationChecker.Compare(right, left).Verdict.Equivalent.ShouldBe(naive.Equivalent);
                if (naive.Equivalent)
                {
                    equivalent++;
                    continue;
                }
                different++;
                TraceChecks.ShouldLeadTo(left, comparison.Verdict.Trace, comparison.LeftState!);
                TraceChecks.ShouldLeadTo(right, comparison.Verdict.Trace, comparison.RightState!);
                naive.Related(comparison.LeftState!, comparison.RightState!).ShouldBeFalse(comparison.Verdict.Reason);
                comparison.Verdict.Reason.ShouldContain($"left in {comparison.LeftState}, right in {comparison.RightState}");
            }
        }, iter: 1, threads: 1, seed: "0N0XIzNsQ0O2");
        return (equivalent, different);
    }

    private readonly record struct Step(int From, int Action, int To);

    /// <summary>States 0..States-1, state 0 initial.</summary>
    private sealed record Lts(int States, Step[] Steps)
    {
        public SpexDocument ToDocument(string name) => new()
        {
            Name = name,
            Transitions = [.. Steps.Select(s => new SpexTransition($"s{s.From}", Actions[s.Action], $"s{s.To}"))
                .Prepend(new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, "s0")).Distinct()],
        };

        /// <summary>A branching bisimilar copy: inert taus inserted, a state duplicated, states renumbered.</summary>
        public Lts Disguised(Random random)
        {
            var states = States;
            var steps = new List<Step>();
            foreach (var step in Steps)
            {
                if (random.Next(3) == 0)
                {
                    // a.x becomes a.tau.x: the fresh state is branching bisimilar to x.
                    steps.Add(step with { To = states });
                    steps.Add(new Step(states++, 0, step.To));
                }
                else
                {
                    steps.Add(step);
                }
            }
            var copied = random.Next(states);
            var copy = states++;
            steps.AddRange([.. steps.Where(s => s.From == copied).Select(s => s with { From = copy })]);
            steps = [.. steps.Select(s => s.To == copied && random.Next(2) == 0 ? s with { To = copy } : s)];
            // Renumber, keeping 0 initial.
            var order = Enumerable.Range(1, states - 1).OrderBy(_ => random.Next()).Prepend(0).ToArray();
            var rename = new int[states];
            for (var i = 0; i < states; i++)
            {
                rename[order[i]] = i;
            }
            return new Lts(states, [.. steps.Select(s => new Step(rename[s.From], s.Action, rename[s.To]))]);
        }

        /// <summary>One step added or removed.</summary>
        public Lts Mutated(Random random)
        {
            if (Steps.Length > 0 && random.Next(2) == 0)
            {
                var removed = random.Next(Steps.Length);
                return this with { Steps = [.. Steps.Where((_, i) => i != removed)] };
            }
            return this with { Steps = [.. Steps, new Step(random.Next(States), random.Next(4), random.Next(States))] };
        }
    }
}
