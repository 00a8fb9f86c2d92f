using System.Collections.Frozen;
using Orrery.Specs;

namespace Orrery.Runtime;

/// <summary>
/// The allowed status changes of a game runtime: the <c>game-runtime</c> specification (SPEC §3, §9), read from
/// <c>specs/game-runtime.spex</c>, which is compiled into this assembly and is the only copy of the table.
/// <c>null</c> as the source means "no runtime record yet", the specification's state <c>none</c>.
/// </summary>
public static class RuntimeTransitions
{
    /// <summary>The state of a game without a runtime record.</summary>
    public const string NoRecord = "none";

    private const string ResourceName = "Orrery.Specs.game-runtime.spex";

    /// <summary>The declared lifecycle, as the instance manager checks it.</summary>
    public static Specification Specification { get; } = Load();

    private static readonly FrozenSet<(RuntimeStatus? From, RuntimeStatus To)> Allowed = Specification.Transitions
        .Where(t => !t.IsInitialisation)
        .Select(t => (Status(t.From), Status(t.To) ?? throw new InvalidOperationException($"game-runtime.spex: '{t}' leads back to {NoRecord}.")))
        .ToFrozenSet();

    /// <summary>Statuses in which no engine is expected to run; the reconciler leaves them alone.</summary>
    public static bool IsTerminal(RuntimeStatus status) =>
        status is RuntimeStatus.Stopped or RuntimeStatus.Finished or RuntimeStatus.Removed;

    /// <summary>Statuses from which start, restart and patch may (re)launch an engine.</summary>
    public static bool CanLaunch(RuntimeStatus? status) => IsAllowed(status, RuntimeStatus.Starting);

    public static bool IsAllowed(RuntimeStatus? from, RuntimeStatus to) => Allowed.Contains((from, to));

    /// <summary>The specification's state for a status (<see cref="NoRecord"/> for none).</summary>
    public static string StateName(RuntimeStatus? status) => status is { } known ? WireNames<RuntimeStatus>.Name(known) : NoRecord;

    /// <summary>The action of the step from <paramref name="from"/> to <paramref name="to"/>; null when the table has none.</summary>
    public static string? ActionFor(RuntimeStatus? from, RuntimeStatus to) => Specification.ActionBetween(StateName(from), StateName(to));

    private static RuntimeStatus? Status(string state) =>
        state == NoRecord ? null
        : WireNames<RuntimeStatus>.TryParse(state, out var status) ? status
        : throw new InvalidOperationException($"game-runtime.spex names '{state}', which is not a runtime status.");

    private static Specification Load()
    {
        using var stream = typeof(RuntimeTransitions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from Orrery.Core.");
        using var reader = new StreamReader(stream);
        var specification = new Specification(SpexFormat.Parse(reader.ReadToEnd(), "game-runtime.spex"));
        if (specification.InitialState != NoRecord)
        {
            throw new InvalidOperationException($"game-runtime.spex must start in '{NoRecord}', not '{specification.InitialState}'.");
        }
        return specification;
    }
}
