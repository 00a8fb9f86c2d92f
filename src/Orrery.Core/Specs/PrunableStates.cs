using System.Collections.Immutable;

namespace Orrery.Specs;

/// <summary>Which states an idle instance may be pruned in (SPEC §9): all, the terminal ones, or a list.</summary>
public sealed record PrunableStates
{
    public static readonly PrunableStates All = new() { Kind = PrunableKind.All };
    public static readonly PrunableStates Terminal = new() { Kind = PrunableKind.Terminal };

    public PrunableKind Kind { get; private init; }

    /// <summary>The states named, when <see cref="Kind"/> is <see cref="PrunableKind.Listed"/>.</summary>
    public ImmutableSortedSet<string> States { get; private init; } = [];

    public static PrunableStates Listed(IEnumerable<string> states) => new() { Kind = PrunableKind.Listed, States = [.. states] };

    public bool Allows(string state, Specification specification) => Kind switch
    {
        PrunableKind.All => true,
        PrunableKind.Terminal => specification.TerminalStates.Contains(state),
        _ => States.Contains(state),
    };

    /// <summary>The <c>.spex</c> header value: <c>all</c>, <c>terminal</c>, or the states separated by commas.</summary>
    public override string ToString() => Kind switch
    {
        PrunableKind.All => "all",
        PrunableKind.Terminal => "terminal",
        _ => string.Join(", ", States),
    };

    public bool Equals(PrunableStates? other) => other is not null && Kind == other.Kind && States.SetEquals(other.States);

    public override int GetHashCode() => HashCode.Combine(Kind, States.Count);
}

public enum PrunableKind
{
    All,
    Terminal,
    Listed,
}
