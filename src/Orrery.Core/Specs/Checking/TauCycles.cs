namespace Orrery.Specs.Checking;

/// <summary>
/// Collapses the strongly connected components of the tau steps (states on a tau cycle are branching bisimilar,
/// divergence aside) into single states. Tarjan's algorithm with an explicit stack: a tau chain of a million steps
/// must not overflow the call stack.
/// </summary>
public static class TauCycles
{
    /// <summary>
    /// The quotient: <paramref name="component"/> maps each state to its component; components are numbered in the
    /// order Tarjan completes them, so every tau step of the quotient goes from a higher number to a lower one.
    /// </summary>
    public static TransitionSystem Collapse(TransitionSystem system, out int[] component, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var count = Components(system, out component, cancellationToken);
        var steps = system.TransitionCount;
        var from = new int[steps];
        var action = new int[steps];
        var to = new int[steps];
        var kept = 0;
        for (var s = 0; s < system.StateCount; s++)
        {
            for (var e = system.OutStart[s]; e < system.OutStart[s + 1]; e++)
            {
                var a = system.OutAction[e];
                var (cs, ct) = (component[s], component[system.OutTarget[e]]);
                if (a == TransitionSystem.Tau && cs == ct)
                {
                    continue; // a tau step inside a cycle: inert, and the quotient must stay acyclic in tau
                }
                (from[kept], action[kept], to[kept]) = (cs, a, ct);
                kept++;
            }
        }
        return TransitionSystem.Create(count, system.ActionNames, from.AsSpan(0, kept), action.AsSpan(0, kept), to.AsSpan(0, kept));
    }

    private static int Components(TransitionSystem system, out int[] component, CancellationToken cancellationToken)
    {
        var n = system.StateCount;
        var index = new int[n];
        var low = new int[n];
        var onStack = new bool[n];
        var stack = new int[n];
        var callState = new int[n];
        var callEdge = new int[n];
        component = new int[n];
        Array.Fill(index, -1);
        int next = 0, components = 0, sp = 0, csp = 0;
        for (var root = 0; root < n; root++)
        {
            if (index[root] >= 0)
            {
                continue;
            }
            if ((root & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            Push(root);
            while (csp > 0)
            {
                var v = callState[csp - 1];
                var e = callEdge[csp - 1];
                if (e < system.OutStart[v + 1] && system.OutAction[e] == TransitionSystem.Tau)
                {
                    callEdge[csp - 1] = e + 1;
                    var w = system.OutTarget[e];
                    if (index[w] < 0)
                    {
                        Push(w);
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], index[w]);
                    }
                    continue;
                }
                csp--;
                if (low[v] == index[v])
                {
                    int w;
                    do
                    {
                        w = stack[--sp];
                        onStack[w] = false;
                        component[w] = components;
                    }
                    while (w != v);
                    components++;
                }
                if (csp > 0)
                {
                    var u = callState[csp - 1];
                    low[u] = Math.Min(low[u], low[v]);
                }
            }
        }
        return components;

        void Push(int v)
        {
            index[v] = low[v] = next++;
            stack[sp++] = v;
            onStack[v] = true;
            callState[csp] = v;
            callEdge[csp] = system.OutStart[v];
            csp++;
        }
    }
}
