namespace Orrery.Specs.Checking;

/// <summary>
/// Explains why two states in different blocks of the final partition are not branching bisimilar: a breadth-first
/// search over pairs (left state, right state) in different blocks, from the two <c>nil</c> states along matching
/// visible steps (each after any internal steps), stopping at the first pair where one side can do an action the
/// other cannot even after internal steps, or can move internally to a state offering a set of actions that no
/// state the other reaches internally offers. Such pairs are told apart by weak traces; when the difference is
/// finer (it lies in which blocks the steps lead to, e.g. Milner's third tau law), the deepest pair searched is
/// explained at the level of blocks. The search is bounded, so a million-step system costs no more than checking it.
/// </summary>
public sealed class DistinguishingTrace(TransitionSystem system, int[] block, Func<int, string> stateName, CancellationToken cancellationToken)
{
    /// <summary>Steps walked before the search settles for the best pair found.</summary>
    private const int Budget = 4_000_000;

    /// <summary>Closures larger than this are not compared state by state (that costs their square).</summary>
    private const int SilentComparisonLimit = 64;

    /// <summary>Longer traces are shortened in the reason (first and last actions).</summary>
    private const int LongTrace = 20;

    private readonly int[] _seen = new int[system.StateCount];
    private int _stamp;
    private long _work;

    public sealed record Explanation(IReadOnlyList<string> Trace, string Reason, int Left, int Right);

    private readonly record struct Pair(int Left, int Right, int Parent, int Action);

    public Explanation Explain(int left, int right)
    {
        var pairs = new List<Pair> { new(left, right, -1, -1) };
        var visited = new HashSet<long> { Key(left, right) };
        for (var i = 0; i < pairs.Count && _work < Budget; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (p, q) = (pairs[i].Left, pairs[i].Right);
            var stepsLeft = WeakSteps(p);
            var stepsRight = WeakSteps(q);
            if (ActionOnlyOneHas(stepsLeft, stepsRight) is { } reason)
            {
                return Explain(pairs, i, reason);
            }
            if (SilentDifference(p, q) is { } silent)
            {
                return Explain(pairs, i, silent);
            }
            Expand(i, stepsLeft, stepsRight, pairs, visited);
        }
        for (var i = pairs.Count - 1; i >= 0; i--)
        {
            if (BlockDifference(pairs[i].Left, pairs[i].Right) is { } reason)
            {
                return Explain(pairs, i, reason);
            }
        }
        return Explain(pairs, 0, "the two sides are not branching bisimilar");
    }

    /// <summary>The pairs one matching visible step away; the product of two large target sets stops at the budget.</summary>
    private void Expand(int index, SortedDictionary<int, List<int>> stepsLeft, SortedDictionary<int, List<int>> stepsRight, List<Pair> pairs, HashSet<long> visited)
    {
        foreach (var (action, targets) in stepsLeft)
        {
            foreach (var y in targets)
            {
                foreach (var w in stepsRight[action])
                {
                    if (++_work >= Budget)
                    {
                        return;
                    }
                    if (block[y] != block[w] && visited.Add(Key(y, w)))
                    {
                        pairs.Add(new Pair(y, w, index, action));
                    }
                }
            }
        }
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    private Explanation Explain(List<Pair> pairs, int index, string reason)
    {
        var trace = new List<string>();
        for (var i = index; pairs[i].Parent >= 0; i = pairs[i].Parent)
        {
            trace.Add(system.ActionNames[pairs[i].Action]);
        }
        trace.Reverse();
        var (p, q) = (pairs[index].Left, pairs[index].Right);
        var where = trace.Count switch
        {
            0 => "at the start",
            <= LongTrace => "after " + string.Join(' ', trace),
            // The trace itself has every action; the sentence stays readable.
            _ => $"after {string.Join(' ', trace.Take(5))} ... {string.Join(' ', trace.TakeLast(5))} ({trace.Count:N0} actions)",
        };
        return new Explanation(trace, $"{where} (left in {stateName(p)}, right in {stateName(q)}): {reason}", p, q);
    }

    private string? ActionOnlyOneHas(SortedDictionary<int, List<int>> left, SortedDictionary<int, List<int>> right)
    {
        foreach (var (side, other, mine, theirs) in new[] { ("left", "right", left, right), ("right", "left", right, left) })
        {
            foreach (var action in mine.Keys)
            {
                if (!theirs.ContainsKey(action))
                {
                    return $"the {side} side can do {system.ActionNames[action]}, the {other} side cannot, even after internal steps";
                }
            }
        }
        return null;
    }

    private string? SilentDifference(int p, int q)
    {
        var closureLeft = Closure(p);
        var closureRight = Closure(q);
        if (closureLeft.Count > SilentComparisonLimit || closureRight.Count > SilentComparisonLimit)
        {
            return null;
        }
        var offersLeft = closureLeft.Select(Offer).ToList();
        var offersRight = closureRight.Select(Offer).ToList();
        foreach (var (side, other, states, mine, theirs) in new[]
                 {
                     ("left", "right", closureLeft, offersLeft, offersRight), ("right", "left", closureRight, offersRight, offersLeft),
                 })
        {
            for (var k = 0; k < states.Count; k++)
            {
                if (!theirs.Any(offer => offer.SetEquals(mine[k])))
                {
                    var offer = mine[k].Count == 0 ? "where nothing is possible" : "where only " + string.Join(", ", mine[k].Order(StringComparer.Ordinal)) + " is possible";
                    return $"the {side} side can move internally to {stateName(states[k])}, {offer} (even after internal steps); no state the {other} side reaches internally offers the same";
                }
            }
        }
        return null;
    }

    private SortedSet<string> Offer(int state) => [.. WeakSteps(state).Keys.Select(a => system.ActionNames[a])];

    /// <summary>
    /// The transfer condition of branching bisimulation for the pair against the final partition: a step of one
    /// side that the other cannot answer by internal steps (staying equivalent to the first side's state) followed
    /// by the same step into an equivalent state.
    /// </summary>
    private string? BlockDifference(int p, int q)
    {
        foreach (var (side, other, mine, theirs) in new[] { ("left", "right", p, q), ("right", "left", q, p) })
        {
            var answers = Closure(theirs).Where(z => z == theirs || block[z] == block[mine]).ToList();
            for (var e = system.OutStart[mine]; e < system.OutStart[mine + 1]; e++)
            {
                var (action, y) = (system.OutAction[e], system.OutTarget[e]);
                if (action == TransitionSystem.Tau && block[y] == block[theirs])
                {
                    continue; // the other side stays put
                }
                if (!answers.Any(z => Steps(z, action).Any(w => block[w] == block[y])))
                {
                    var step = action == TransitionSystem.Tau ? $"move internally to {stateName(y)}" : $"do {system.ActionNames[action]} to {stateName(y)}";
                    return $"the {side} side can {step}; the {other} side has no such step to a state that behaves like it, even after internal steps that keep it equivalent to the {side} side";
                }
            }
        }
        return null;
    }

    private IEnumerable<int> Steps(int state, int action)
    {
        for (var e = system.OutStart[state]; e < system.OutStart[state + 1]; e++)
        {
            if (system.OutAction[e] == action)
            {
                yield return system.OutTarget[e];
            }
        }
    }

    /// <summary>The visible steps the state can take after internal steps: action to the targets.</summary>
    private SortedDictionary<int, List<int>> WeakSteps(int state)
    {
        var steps = new SortedDictionary<int, List<int>>();
        foreach (var z in Closure(state))
        {
            for (var e = system.TauEnd(z); e < system.OutStart[z + 1]; e++)
            {
                _work++;
                var action = system.OutAction[e];
                if (!steps.TryGetValue(action, out var targets))
                {
                    steps.Add(action, targets = []);
                }
                targets.Add(system.OutTarget[e]);
            }
        }
        foreach (var targets in steps.Values)
        {
            targets.Sort();
            var distinct = targets.Distinct().ToList();
            targets.Clear();
            targets.AddRange(distinct);
        }
        return steps;
    }

    /// <summary>The states reachable by tau steps, the state itself first.</summary>
    private List<int> Closure(int state)
    {
        _stamp++;
        var closure = new List<int> { state };
        _seen[state] = _stamp;
        for (var i = 0; i < closure.Count; i++)
        {
            var z = closure[i];
            for (var e = system.OutStart[z]; e < system.OutStart[z + 1] && system.OutAction[e] == TransitionSystem.Tau; e++)
            {
                _work++;
                var t = system.OutTarget[e];
                if (_seen[t] != _stamp)
                {
                    _seen[t] = _stamp;
                    closure.Add(t);
                }
            }
        }
        return closure;
    }
}
