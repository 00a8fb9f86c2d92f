using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Lifecycle;

/// <summary>
/// The operations a game's runtime record admits now, judged by the very rule functions the operations' admission
/// calls (the queued operations' handlers: the lifecycle table <see cref="RuntimeTransitions"/> and
/// <see cref="Relaunch"/>; the immediate ones: <see cref="RuntimeChanges"/>), so the
/// dashboard offers what the node would accept and keeps no table of its own. Pause and resume are offered only
/// when they change the paused flag. Checks that do not depend on the status (memberships, the engine version) are
/// left to the request.
/// </summary>
public static class OperationAvailability
{
    public static IReadOnlyList<OperationKind> For(Guid gameId, RuntimeRecord? record)
    {
        var available = new List<OperationKind>();
        if (RuntimeTransitions.CanLaunch(record?.Status))
        {
            available.Add(OperationKind.Start);
        }
        if (record is null)
        {
            return available;
        }
        // The changes are tried, not kept: their time does not decide whether they are admitted.
        var now = record.UpdatedAt;
        if (RuntimeTransitions.IsAllowed(record.Status, RuntimeStatus.Stopped))
        {
            available.Add(OperationKind.Stop);
        }
        if (!record.Paused && Admits(() => RuntimeChanges.Pause(record, now)))
        {
            available.Add(OperationKind.Pause);
        }
        if (record.Paused && Admits(() => RuntimeChanges.Resume(record, now)))
        {
            available.Add(OperationKind.Resume);
        }
        if (Admits(() => Relaunch.EnsureAllowed(gameId, record.Status, record.EngineVersion, "restart")))
        {
            available.Add(OperationKind.Restart);
            available.Add(OperationKind.Patch);
        }
        if (Admits(() => RuntimeChanges.ForceNextTurn(record, now)))
        {
            available.Add(OperationKind.ForceNextTurn);
        }
        return available;
    }

    private static bool Admits(Action rule)
    {
        try
        {
            rule();
            return true;
        }
        catch (OrreryException)
        {
            return false;
        }
    }
}
