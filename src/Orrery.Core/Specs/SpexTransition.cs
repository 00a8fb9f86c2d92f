namespace Orrery.Specs;

/// <summary>
/// One step <c>From --[Action]-> To</c> of a labelled transition system (SPEC §9). The initialisation step starts
/// from <see cref="SpexNames.Nil"/>; <see cref="SpexNames.Internal"/> is the unobservable step (tau).
/// </summary>
public readonly record struct SpexTransition(string From, string Action, string To)
{
    public bool IsInitialisation => Action == SpexNames.Initialisation;

    public bool IsInternal => Action == SpexNames.Internal;

    /// <summary>The line of the <c>.spex</c> format.</summary>
    public override string ToString() => $"{From} --[{Action}]-> {To}";
}

/// <summary>The reserved names of the <c>.spex</c> format (those of the Elixir library Spex).</summary>
public static class SpexNames
{
    /// <summary>The source of the initialisation step: no state yet.</summary>
    public const string Nil = "nil";

    /// <summary>The action that puts a new instance in its initial state, always from <see cref="Nil"/>.</summary>
    public const string Initialisation = "__initialisation__";

    /// <summary>An internal, unobservable step (tau): branching bisimilarity may skip it.</summary>
    public const string Internal = "__internal__";

    public static bool IsReserved(string action) => action is Initialisation or Internal;
}
