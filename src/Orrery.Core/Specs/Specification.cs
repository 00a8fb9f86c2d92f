using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Orrery.Specs;

/// <summary>
/// A declared state machine (SPEC §9): its transitions, and the timings its instances are held to. The initial
/// state is the target of the <c>__initialisation__</c> step from <c>nil</c> (else the source of the first
/// transition); the terminal states are those with no outgoing transition.
/// </summary>
public sealed class Specification
{
    private readonly FrozenDictionary<(string From, string Action), FrozenSet<string>> _targets;
    private readonly FrozenDictionary<(string From, string To), string> _actionBetween;

    public Specification(SpexDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Document = document;
        var observable = document.Transitions.Where(t => !t.IsInitialisation).ToList();
        InitialState = document.Transitions.FirstOrDefault(t => t.IsInitialisation).To
            ?? observable.FirstOrDefault().From
            ?? throw new SpexFormatException(document.Source, 0, $"Specification {document.Name} has no transition, so no initial state.");
        var inits = document.Transitions.Count(t => t.IsInitialisation);
        if (inits > 1)
        {
            throw new SpexFormatException(document.Source, 0, $"Specification {document.Name} has {inits} initialisation transitions; it may have one.");
        }

        States = [.. observable.SelectMany(t => new[] { t.From, t.To }).Append(InitialState).Distinct()];
        var sources = observable.Select(t => t.From).ToHashSet();
        TerminalStates = States.Where(s => !sources.Contains(s)).ToFrozenSet();
        _targets = observable.GroupBy(t => (t.From, t.Action)).ToFrozenDictionary(g => g.Key, g => g.Select(t => t.To).ToFrozenSet());
        _actionBetween = observable
            .Where(t => !t.IsInternal)
            .GroupBy(t => (t.From, t.To))
            .Where(g => g.Select(t => t.Action).Distinct().Count() == 1)
            .ToFrozenDictionary(g => g.Key, g => g.First().Action);
    }

    public SpexDocument Document { get; }

    public string Name => Document.Name;

    public ImmutableArray<SpexTransition> Transitions => Document.Transitions;

    public bool LearningMode => Document.LearningMode;

    public string InitialState { get; }

    public ImmutableArray<string> States { get; }

    public FrozenSet<string> TerminalStates { get; }

    /// <summary>How long an instance may stay in <paramref name="state"/> before it is reported; null: forever.</summary>
    public TimeSpan? TransitionTimeout(string state) =>
        Document.StateTimeouts.TryGetValue(state, out var timeout) ? timeout
        : TerminalStates.Contains(state) ? null
        : Document.TransitionTimeout;

    /// <summary>Whether the specification has the step <paramref name="from"/> --[<paramref name="action"/>]-> <paramref name="to"/>.</summary>
    public bool Allows(string from, string action, string to) =>
        action == SpexNames.Initialisation
            ? from == SpexNames.Nil && to == InitialState
            : _targets.TryGetValue((from, action), out var targets) && targets.Contains(to);

    /// <summary>
    /// The one visible action leading from <paramref name="from"/> to <paramref name="to"/>, or null when there is
    /// none or more than one (then the caller must name it).
    /// </summary>
    public string? ActionBetween(string from, string to) => _actionBetween.GetValueOrDefault((from, to));

    public override string ToString() => Name;
}
