namespace Orrery.Specs.Checking;

/// <summary>
/// A labelled transition system in compact form: states and actions are ints, transitions are CSR arrays (the
/// out-steps of state <c>s</c> are <c>[OutStart[s], OutStart[s + 1])</c>, sorted by action then target, without
/// duplicates). Action 0 is tau (<c>__internal__</c>), so each state's tau steps come first; the in-steps are kept
/// the same way, tau first.
/// </summary>
public sealed class TransitionSystem
{
    public const int Tau = 0;

    private TransitionSystem(int stateCount, IReadOnlyList<string> actionNames, int[] outStart, int[] outAction, int[] outTarget)
    {
        StateCount = stateCount;
        ActionNames = actionNames;
        OutStart = outStart;
        OutAction = outAction;
        OutTarget = outTarget;
        (InStart, InSource, InAction) = Reverse(stateCount, outStart, outAction, outTarget);
    }

    public int StateCount { get; }

    public int TransitionCount => OutTarget.Length;

    /// <summary>The name of each action; <c>ActionNames[0]</c> is <see cref="SpexNames.Internal"/>.</summary>
    public IReadOnlyList<string> ActionNames { get; }

    public int[] OutStart { get; }

    public int[] OutAction { get; }

    public int[] OutTarget { get; }

    public int[] InStart { get; }

    public int[] InSource { get; }

    public int[] InAction { get; }

    /// <summary>Builds the system from parallel arrays of steps (any order, duplicates allowed).</summary>
    public static TransitionSystem Create(int stateCount, IReadOnlyList<string> actionNames, ReadOnlySpan<int> from, ReadOnlySpan<int> action, ReadOnlySpan<int> to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stateCount);
        if (from.Length != action.Length || from.Length != to.Length)
        {
            throw new ArgumentException("The step arrays differ in length.");
        }
        // Counting sort by source, then each source's steps sorted by (action, target) as one 64-bit key.
        var start = new int[stateCount + 1];
        foreach (var s in from)
        {
            start[s + 1]++;
        }
        for (var s = 0; s < stateCount; s++)
        {
            start[s + 1] += start[s];
        }
        var keys = new long[from.Length];
        var fill = start[..^1];
        for (var i = 0; i < from.Length; i++)
        {
            keys[fill[from[i]]++] = ((long)action[i] << 32) | (uint)to[i];
        }
        var outStart = new int[stateCount + 1];
        var kept = 0;
        for (var s = 0; s < stateCount; s++)
        {
            var span = keys.AsSpan(start[s], start[s + 1] - start[s]);
            span.Sort();
            outStart[s] = kept;
            for (var i = 0; i < span.Length; i++)
            {
                if (i == 0 || span[i] != span[i - 1])
                {
                    keys[kept++] = span[i];
                }
            }
        }
        outStart[stateCount] = kept;
        var outAction = new int[kept];
        var outTarget = new int[kept];
        for (var i = 0; i < kept; i++)
        {
            outAction[i] = (int)(keys[i] >> 32);
            outTarget[i] = (int)keys[i];
        }
        return new TransitionSystem(stateCount, actionNames, outStart, outAction, outTarget);
    }

    public int OutDegree(int state) => OutStart[state + 1] - OutStart[state];

    /// <summary>The end of <paramref name="state"/>'s tau steps within its out-range (they come first).</summary>
    public int TauEnd(int state)
    {
        var e = OutStart[state];
        var end = OutStart[state + 1];
        while (e < end && OutAction[e] == Tau)
        {
            e++;
        }
        return e;
    }

    private static (int[] Start, int[] Source, int[] Action) Reverse(int n, int[] outStart, int[] outAction, int[] outTarget)
    {
        var start = new int[n + 1];
        foreach (var t in outTarget)
        {
            start[t + 1]++;
        }
        for (var s = 0; s < n; s++)
        {
            start[s + 1] += start[s];
        }
        var fill = start[..^1];
        var source = new int[outTarget.Length];
        var action = new int[outTarget.Length];
        // Two passes: tau steps first, so a backward walk over tau reads a prefix.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var s = 0; s < n; s++)
            {
                for (var e = outStart[s]; e < outStart[s + 1]; e++)
                {
                    if ((outAction[e] == Tau) == (pass == 0))
                    {
                        var slot = fill[outTarget[e]]++;
                        source[slot] = s;
                        action[slot] = outAction[e];
                    }
                }
            }
        }
        return (start, source, action);
    }
}
