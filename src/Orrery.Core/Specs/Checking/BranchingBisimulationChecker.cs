namespace Orrery.Specs.Checking;

/// <summary>
/// Branching bisimilarity (van Glabbeek-Weijland, divergence-blind, not rooted) of two <c>.spex</c> documents,
/// <c>__internal__</c> as tau and the two <c>nil</c> states related: tau cycles collapsed, then
/// <see cref="BranchingPartition"/> over the disjoint union. Spex's rule comes first: each side needs exactly one
/// <c>__initialisation__</c> step. On a difference, <see cref="DistinguishingTrace"/> explains it.
/// </summary>
public sealed class BranchingBisimulationChecker : IModelChecker
{
    public EquivalenceVerdict Check(SpexDocument left, SpexDocument right, CancellationToken cancellationToken = default) =>
        Compare(left, right, cancellationToken).Verdict;

    /// <summary>The verdict, and on a difference the pair of states (one per side) the trace leads to.</summary>
    public static Comparison Compare(SpexDocument left, SpexDocument right, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if ((InitialisationProblem(left, "left") ?? InitialisationProblem(right, "right")) is { } problem)
        {
            return new Comparison(EquivalenceVerdict.Different([], problem), SpexNames.Nil, SpexNames.Nil);
        }
        var union = SpexUnion.Build(left, right);
        var quotient = TauCycles.Collapse(union.System, out var component, cancellationToken);
        var block = BranchingPartition.Refine(quotient, cancellationToken);
        var (leftNil, rightNil) = (component[union.LeftNil], component[union.RightNil]);
        if (block[leftNil] == block[rightNil])
        {
            return new Comparison(EquivalenceVerdict.Same, null, null);
        }
        var representative = Representatives(component, quotient.StateCount);
        var explanation = new DistinguishingTrace(quotient, block, c => union.StateName(representative[c]), cancellationToken)
            .Explain(leftNil, rightNil);
        return new Comparison(
            EquivalenceVerdict.Different(explanation.Trace, explanation.Reason),
            union.StateName(representative[explanation.Left]),
            union.StateName(representative[explanation.Right]));
    }

    private static string? InitialisationProblem(SpexDocument document, string side) =>
        document.Transitions.Count(t => t.IsInitialisation) switch
        {
            1 => null,
            0 => $"the {side} side ({document.Name}) has no {SpexNames.Initialisation} transition, so no initial state",
            var count => $"the {side} side ({document.Name}) has {count} {SpexNames.Initialisation} transitions; Spex allows one",
        };

    // A tau cycle's states are one state of the quotient; it is named after its first member (the union's
    // numbering keeps each side's states apart, so a component never mixes the sides).
    private static int[] Representatives(int[] component, int count)
    {
        var representative = new int[count];
        Array.Fill(representative, -1);
        for (var s = 0; s < component.Length; s++)
        {
            if (representative[component[s]] < 0)
            {
                representative[component[s]] = s;
            }
        }
        return representative;
    }
}

/// <summary>
/// A check's outcome with, when not equivalent, the states each side is in after <see cref="EquivalenceVerdict.Trace"/>
/// (their names in their own documents) that the reason is about.
/// </summary>
public sealed record Comparison(EquivalenceVerdict Verdict, string? LeftState, string? RightState);
