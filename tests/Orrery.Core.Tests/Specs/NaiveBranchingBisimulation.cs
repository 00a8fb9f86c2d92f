using Orrery.Specs;

namespace Orrery.Core.Tests.Specs;

/// <summary>
/// Branching bisimilarity straight from its definition, to check the real checker against: the largest symmetric
/// relation R such that whenever s R t and s -a-> s', either a is tau and s' R t, or t =tau*=> t'' -a-> t' with
/// s R t'' and s' R t'. Computed as a greatest fixpoint over all pairs of states of the two systems: start with
/// every pair related and remove pairs that break the condition until none does. Quadratic in pairs, for small
/// systems only; it shares no code with the checker (its own state numbering, no partition, no tau-cycle collapse).
/// </summary>
internal sealed class NaiveBranchingBisimulation
{
    private readonly Dictionary<(int Side, string Name), int> _index = [];
    private readonly List<(int Action, int Target)>[] _steps;
    private readonly bool[,] _tauReach;
    private readonly bool[,] _related;

    public NaiveBranchingBisimulation(SpexDocument left, SpexDocument right)
    {
        var edges = new List<(int From, string Action, int To)>();
        foreach (var (side, document) in new[] { (0, left), (1, right) })
        {
            Id(side, SpexNames.Nil);
            foreach (var t in document.Transitions)
            {
                edges.Add((Id(side, t.From), t.Action, Id(side, t.To)));
            }
        }
        var n = _index.Count;
        var actions = edges.Select(e => e.Action).Where(a => a != SpexNames.Internal).Distinct().ToList();
        _steps = [.. Enumerable.Range(0, n).Select(_ => new List<(int, int)>())];
        foreach (var (from, action, to) in edges)
        {
            _steps[from].Add((action == SpexNames.Internal ? -1 : actions.IndexOf(action), to));
        }
        _tauReach = new bool[n, n];
        for (var s = 0; s < n; s++)
        {
            _tauReach[s, s] = true;
        }
        for (var changed = true; changed;)
        {
            changed = false;
            for (var s = 0; s < n; s++)
            {
                foreach (var (action, target) in _steps[s])
                {
                    for (var u = 0; u < n && action < 0; u++)
                    {
                        if (_tauReach[target, u] && !_tauReach[s, u])
                        {
                            _tauReach[s, u] = changed = true;
                        }
                    }
                }
            }
        }
        _related = new bool[n, n];
        for (var s = 0; s < n; s++)
        {
            for (var t = 0; t < n; t++)
            {
                _related[s, t] = true;
            }
        }
        for (var changed = true; changed;)
        {
            changed = false;
            for (var s = 0; s < n; s++)
            {
                for (var t = 0; t < n; t++)
                {
                    if (_related[s, t] && (!Simulates(s, t) || !Simulates(t, s)))
                    {
                        _related[s, t] = _related[t, s] = false;
                        changed = true;
                    }
                }
            }
        }
    }

    public bool Related(string leftState, string rightState) => _related[_index[(0, leftState)], _index[(1, rightState)]];

    public bool Equivalent => Related(SpexNames.Nil, SpexNames.Nil);

    /// <summary>Every step of <paramref name="s"/> is answered by <paramref name="t"/> (the transfer condition).</summary>
    private bool Simulates(int s, int t)
    {
        var n = _steps.Length;
        foreach (var (action, next) in _steps[s])
        {
            if (action < 0 && _related[next, t])
            {
                continue;
            }
            var answered = false;
            for (var mid = 0; mid < n && !answered; mid++)
            {
                if (!_tauReach[t, mid] || !_related[s, mid])
                {
                    continue;
                }
                answered = _steps[mid].Any(step => step.Item1 == action && _related[next, step.Item2]);
            }
            if (!answered)
            {
                return false;
            }
        }
        return true;
    }

    private int Id(int side, string name)
    {
        if (!_index.TryGetValue((side, name), out var id))
        {
            _index.Add((side, name), id = _index.Count);
        }
        return id;
    }
}
