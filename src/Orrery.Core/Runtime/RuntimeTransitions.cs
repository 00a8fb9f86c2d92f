using System.Collections.Frozen;
using System.Collections.Immutable;
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

    private static readonly FrozenDictionary<(RuntimeStatus? From, RuntimeStatus To), ImmutableArray<SpexTransition>> Paths = BuildPaths();

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

    /// <summary>
    /// The steps of the specification one write took from <paramref name="from"/> to <paramref name="to"/>: one
    /// step for a pair of the table, the shortest path for a write that crosses a status on its way (a relaunch of a
    /// running game passes <c>engine_unreachable</c>), the initialisation first for a new record; empty when the
    /// status did not change or the table has no way there.
    /// </summary>
    public static ImmutableArray<SpexTransition> Steps(RuntimeStatus? from, RuntimeStatus to) =>
        Paths.TryGetValue((from, to), out var path) ? path : [];

    private static FrozenDictionary<(RuntimeStatus?, RuntimeStatus), ImmutableArray<SpexTransition>> BuildPaths()
    {
        var sources = Enum.GetValues<RuntimeStatus>().Select(s => (RuntimeStatus?)s).Prepend(null);
        var paths = new Dictionary<(RuntimeStatus?, RuntimeStatus), ImmutableArray<SpexTransition>>();
        foreach (var from in sources)
        {
            // Breadth-first from one status: the first path found to a status is a shortest one.
            var start = StateName(from);
            var found = new Dictionary<string, ImmutableArray<SpexTransition>> { [start] = [] };
            var frontier = new Queue<string>([start]);
            while (frontier.TryDequeue(out var state))
            {
                foreach (var step in Specification.Transitions.Where(t => t.From == state && !found.ContainsKey(t.To)))
                {
                    found[step.To] = found[state].Add(step);
                    frontier.Enqueue(step.To);
                }
            }
            var prefix = from is null ? ImmutableArray.Create(new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, NoRecord)) : [];
            foreach (var (state, path) in found.Where(f => f.Key != start))
            {
                paths[(from, Status(state) ?? throw new InvalidOperationException($"game-runtime.spex leads back to {NoRecord}."))] = prefix.AddRange(path);
            }
        }
        return paths.ToFrozenDictionary();
    }

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
