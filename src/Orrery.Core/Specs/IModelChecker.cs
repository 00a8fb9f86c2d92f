using System.Collections.Immutable;

namespace Orrery.Specs;

/// <summary>
/// Decides whether two labelled transition systems behave alike (SPEC §9): branching bisimilarity with
/// <c>__internal__</c> as tau, the <c>nil</c> states related. Used for an implementation model against its
/// specification, and by <c>orrery spex diff</c> for any two files.
/// </summary>
public interface IModelChecker
{
    /// <exception cref="OperationCanceledException">The check was cancelled (large systems take a while).</exception>
    EquivalenceVerdict Check(SpexDocument left, SpexDocument right, CancellationToken cancellationToken = default);
}

/// <summary>
/// The outcome of a check. When not equivalent, <see cref="Trace"/> is a sequence of visible actions from
/// <c>nil</c> (starting with <c>__initialisation__</c> when both sides have one) after which the two sides can be
/// told apart, and <see cref="Reason"/> says how, in a sentence (which side can do what the other cannot).
/// </summary>
public sealed record EquivalenceVerdict(bool Equivalent, ImmutableArray<string> Trace, string Reason)
{
    public static EquivalenceVerdict Same { get; } = new(true, [], "branching bisimilar");

    public static EquivalenceVerdict Different(IEnumerable<string> trace, string reason) => new(false, [.. trace], reason);
}
