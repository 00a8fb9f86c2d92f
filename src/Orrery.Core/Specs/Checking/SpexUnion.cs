namespace Orrery.Specs.Checking;

/// <summary>
/// Two <c>.spex</c> documents as ONE transition system, their disjoint union: the left side's states are
/// <c>[0, LeftStateCount)</c>, the right side's follow, so the two <c>nil</c> states and any state named alike on
/// both sides stay apart. Actions are shared by name; <c>__internal__</c> is tau.
/// </summary>
public sealed class SpexUnion
{
    private readonly string[] _stateNames;

    private SpexUnion(TransitionSystem system, string[] stateNames, int leftStateCount, int leftNil, int rightNil)
    {
        System = system;
        _stateNames = stateNames;
        LeftStateCount = leftStateCount;
        LeftNil = leftNil;
        RightNil = rightNil;
    }

    public TransitionSystem System { get; }

    public int LeftStateCount { get; }

    public int LeftNil { get; }

    public int RightNil { get; }

    public bool IsLeft(int state) => state < LeftStateCount;

    /// <summary>The name the state has in its own document.</summary>
    public string StateName(int state) => _stateNames[state];

    public static SpexUnion Build(SpexDocument left, SpexDocument right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var actions = new Dictionary<string, int>(StringComparer.Ordinal) { [SpexNames.Internal] = TransitionSystem.Tau };
        var actionNames = new List<string> { SpexNames.Internal };
        var names = new List<string>(left.Transitions.Length + right.Transitions.Length + 2);
        var steps = left.Transitions.Length + right.Transitions.Length;
        var from = new int[steps];
        var action = new int[steps];
        var to = new int[steps];
        var i = 0;
        var leftNil = AddSide(left);
        var leftCount = names.Count;
        var rightNil = AddSide(right);
        var system = TransitionSystem.Create(names.Count, actionNames, from, action, to);
        return new SpexUnion(system, [.. names], leftCount, leftNil, rightNil);

        int AddSide(SpexDocument document)
        {
            // Sized up front: rehashing a million names costs more than the refinement of small systems.
            var states = new Dictionary<string, int>(Math.Min(document.Transitions.Length + 1, 1 << 22), StringComparer.Ordinal);
            var nil = State(states, SpexNames.Nil);
            foreach (var t in document.Transitions)
            {
                from[i] = State(states, t.From);
                to[i] = State(states, t.To);
                if (!actions.TryGetValue(t.Action, out var a))
                {
                    actions.Add(t.Action, a = actionNames.Count);
                    actionNames.Add(t.Action);
                }
                action[i++] = a;
            }
            return nil;
        }

        int State(Dictionary<string, int> states, string name)
        {
            if (!states.TryGetValue(name, out var id))
            {
                states.Add(name, id = names.Count);
                names.Add(name);
            }
            return id;
        }
    }
}
