using System.Diagnostics;
using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Benchmarks;

/// <summary>
/// The baseline of <c>spex-checker</c>: branching bisimilarity by naive signature refinement (Blom and Orzan),
/// recomputing every state's signature against the whole current partition each round until the number of blocks
/// stops growing. Same front end as the checker (the disjoint union, tau cycles collapsed), so the difference is
/// the refinement. Gives up after <c>budget</c>, reporting how far it got.
/// </summary>
internal static class NaiveSignatureRefinement
{
    public sealed record Outcome(bool? Equivalent, int Rounds, int Blocks, TimeSpan Elapsed);

    public static Outcome Check(SpexDocument left, SpexDocument right, TimeSpan budget)
    {
        var clock = Stopwatch.StartNew();
        var union = SpexUnion.Build(left, right);
        var system = TauCycles.Collapse(union.System, out var component, CancellationToken.None);
        var n = system.StateCount;
        var block = new int[n];
        var signatures = new long[n][];
        var blocks = 1;
        var rounds = 0;
        var scratch = new List<long>();
        while (true)
        {
            rounds++;
            // Tau successors have lower numbers (the collapse numbers components that way): ascending order has
            // each inert successor's signature ready.
            for (var s = 0; s < n; s++)
            {
                scratch.Clear();
                for (var e = system.OutStart[s]; e < system.OutStart[s + 1]; e++)
                {
                    var (a, t) = (system.OutAction[e], system.OutTarget[e]);
                    if (a == TransitionSystem.Tau && block[t] == block[s])
                    {
                        scratch.AddRange(signatures[t]);
                    }
                    else
                    {
                        scratch.Add(((long)a << 32) | (uint)block[t]);
                    }
                }
                signatures[s] = [.. scratch.Distinct().Order()];
            }
            var ids = new Dictionary<(int, string), int>();
            var next = new int[n];
            for (var s = 0; s < n; s++)
            {
                var key = (block[s], string.Join(',', signatures[s]));
                if (!ids.TryGetValue(key, out var id))
                {
                    ids.Add(key, id = ids.Count);
                }
                next[s] = id;
            }
            block = next;
            if (ids.Count == blocks)
            {
                return new Outcome(block[component[union.LeftNil]] == block[component[union.RightNil]], rounds, blocks, clock.Elapsed);
            }
            blocks = ids.Count;
            if (clock.Elapsed > budget)
            {
                return new Outcome(null, rounds, blocks, clock.Elapsed);
            }
        }
    }
}
