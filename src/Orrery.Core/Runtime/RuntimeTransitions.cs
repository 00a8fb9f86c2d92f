using System.Collections.Frozen;

namespace Orrery.Runtime;

/// <summary>
/// The allowed status changes of a game runtime (SPEC §3, the <c>game-runtime</c> specification).
/// <c>null</c> as the source means "no runtime record yet".
/// </summary>
public static class RuntimeTransitions
{
    private static readonly FrozenSet<(RuntimeStatus? From, RuntimeStatus To)> Allowed = BuildTable();

    /// <summary>Statuses in which no engine is expected to run; the reconciler leaves them alone.</summary>
    public static bool IsTerminal(RuntimeStatus status) =>
        status is RuntimeStatus.Stopped or RuntimeStatus.Finished or RuntimeStatus.Removed;

    /// <summary>Statuses from which start, restart and patch may (re)launch an engine.</summary>
    public static bool CanLaunch(RuntimeStatus? status) => IsAllowed(status, RuntimeStatus.Starting);

    public static bool IsAllowed(RuntimeStatus? from, RuntimeStatus to) => Allowed.Contains((from, to));

    private static FrozenSet<(RuntimeStatus?, RuntimeStatus)> BuildTable()
    {
        var table = new HashSet<(RuntimeStatus?, RuntimeStatus)>
        {
            (null, RuntimeStatus.Starting),
            (RuntimeStatus.Stopped, RuntimeStatus.Starting),
            (RuntimeStatus.Removed, RuntimeStatus.Starting),
            (RuntimeStatus.EngineUnreachable, RuntimeStatus.Starting),
            (RuntimeStatus.GenerationFailed, RuntimeStatus.Starting),
            (RuntimeStatus.Starting, RuntimeStatus.Running),
            (RuntimeStatus.Starting, RuntimeStatus.EngineUnreachable),
            (RuntimeStatus.Running, RuntimeStatus.GenerationInProgress),
            (RuntimeStatus.GenerationInProgress, RuntimeStatus.Running),
            (RuntimeStatus.GenerationInProgress, RuntimeStatus.Finished),
            (RuntimeStatus.GenerationInProgress, RuntimeStatus.GenerationFailed),
            (RuntimeStatus.GenerationFailed, RuntimeStatus.GenerationInProgress),
            (RuntimeStatus.Running, RuntimeStatus.EngineUnreachable),
            (RuntimeStatus.EngineUnreachable, RuntimeStatus.Running),
            (RuntimeStatus.Finished, RuntimeStatus.Stopped),
        };

        foreach (var status in Enum.GetValues<RuntimeStatus>().Where(s => !IsTerminal(s)))
        {
            table.Add((status, RuntimeStatus.Stopped));
            table.Add((status, RuntimeStatus.Removed));
        }

        return table.ToFrozenSet();
    }
}
