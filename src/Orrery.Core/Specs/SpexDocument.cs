using System.Collections.Immutable;

namespace Orrery.Specs;

/// <summary>
/// The contents of one <c>.spex</c> file: a specification or an implementation model (the same format). The
/// timing headers are Orrery's additions; a model written by Spex has none of them.
/// </summary>
public sealed record SpexDocument
{
    public required string Name { get; init; }

    public bool LearningMode { get; init; }

    /// <summary>The transitions, in file order, without duplicates.</summary>
    public ImmutableArray<SpexTransition> Transitions { get; init; } = [];

    /// <summary>How long an instance may stay in a non-terminal state; null: no limit.</summary>
    public TimeSpan? TransitionTimeout { get; init; }

    /// <summary>Per-state limits, overriding <see cref="TransitionTimeout"/> (terminal states included).</summary>
    public ImmutableSortedDictionary<string, TimeSpan> StateTimeouts { get; init; } = ImmutableSortedDictionary<string, TimeSpan>.Empty;

    /// <summary>How long an instance must be idle in a prunable state before it is deleted; null: never pruned.</summary>
    public TimeSpan? PruneTimeout { get; init; }

    public PrunableStates PrunableStates { get; init; } = PrunableStates.Terminal;

    /// <summary>Where the document was read from (a file name), for error messages; null when built in code.</summary>
    public string? Source { get; init; }

    public bool Equals(SpexDocument? other) =>
        other is not null && Name == other.Name && LearningMode == other.LearningMode
        && Transitions.SequenceEqual(other.Transitions) && TransitionTimeout == other.TransitionTimeout
        && StateTimeouts.SequenceEqual(other.StateTimeouts) && PruneTimeout == other.PruneTimeout
        && PrunableStates.Equals(other.PrunableStates);

    public override int GetHashCode() => HashCode.Combine(Name, LearningMode, Transitions.Length);
}
