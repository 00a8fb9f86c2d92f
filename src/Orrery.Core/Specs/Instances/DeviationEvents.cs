using System.Collections.Immutable;
using System.Globalization;

namespace Orrery.Specs.Instances;

/// <summary>The entries of stream <c>spex:deviations</c> (SPEC §9): deviations from a model and transition timeouts.</summary>
public static class DeviationEvents
{
    public const string Stream = "spex:deviations";

    /// <summary>Retention: about this many newest entries are kept.</summary>
    public const long MaxLength = 10_000;

    public const string StillEquivalent = "deviation_still_equivalent";
    public const string NotEquivalent = "deviation_not_equivalent";
    /// <summary>No checker is registered: the deviation is reported without a verdict.</summary>
    public const string NotChecked = "deviation_not_checked";
    public const string TransitionTimeout = "transition_timeout";

    /// <param name="verdict">Null when no checker could be asked.</param>
    public static Dictionary<string, string> Deviation(
        string spec, string instanceId, SpexTransition transition, EquivalenceVerdict? verdict, DateTimeOffset at) => new()
    {
        ["type"] = Type(verdict),
        ["spec"] = spec,
        ["instance"] = instanceId,
        ["from"] = transition.From,
        ["action"] = transition.Action,
        ["to"] = transition.To,
        ["trace"] = string.Join(' ', verdict?.Trace ?? ImmutableArray<string>.Empty),
        ["reason"] = verdict?.Reason ?? "the equivalence check failed (logged)",
        ["at"] = Time(at),
    };

    public static Dictionary<string, string> Timeout(SpecInstance instance, TimeSpan timeout, DateTimeOffset at) => new()
    {
        ["type"] = TransitionTimeout,
        ["spec"] = instance.Spec,
        ["instance"] = instance.Id,
        ["state"] = instance.State,
        ["since"] = Time(instance.StateChangedAt),
        ["timeout"] = SpexDuration.Format(timeout),
        ["at"] = Time(at),
    };

    public static string Type(EquivalenceVerdict? verdict) => verdict switch
    {
        null => NotChecked,
        { Equivalent: true } => StillEquivalent,
        _ => NotEquivalent,
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
