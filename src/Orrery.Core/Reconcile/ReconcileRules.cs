using Orrery.Runtime;

namespace Orrery.Reconcile;

/// <summary>What a reconcile pass saw of a game's engine on the host.</summary>
public enum EngineSighting
{
    /// <summary>No engine of the game is listed.</summary>
    Absent,
    /// <summary>An engine of this stack is listed and running.</summary>
    Running,
    /// <summary>An engine of this stack is listed but no longer runs (exited, killed, a dead pid).</summary>
    Exited,
    /// <summary>The only engine listed carries another stack's label: not ours to touch or count.</summary>
    ForeignStack,
    /// <summary>
    /// None listed, but the recorded engine may run on an engine host that did not answer the listing (SPEC §10): not
    /// missing, only out of sight.
    /// </summary>
    HostUnreachable,
}

/// <summary>What a pass does about one game (or one unclaimed engine).</summary>
public enum ReconcileAction
{
    /// <summary>Nothing to do: no engine expected and none running, or the game's status is owned by a turn.</summary>
    Leave,
    /// <summary>Record running and engine running: ask the engine for its status and publish a snapshot.</summary>
    Refresh,
    /// <summary>Engine running for a known game whose record does not say running: take it back as <c>running</c>.</summary>
    Adopt,
    /// <summary>An engine is expected but missing for the first pass: remember, do nothing yet.</summary>
    NoteMissing,
    /// <summary>An engine is expected but missing for the second pass in a row: mark the game <c>removed</c>.</summary>
    MarkRemoved,
    /// <summary>An engine of this stack whose game is unknown.</summary>
    Orphan,
    /// <summary>The game's engine host cannot be reached: <c>engine_unreachable</c>, never <c>removed</c> on that account.</summary>
    MarkUnreachable,
}

/// <summary>The reconciler's decision table (SPEC §7), free of I/O so every combination is tested.</summary>
public static class ReconcileRules
{
    /// <param name="gameKnown">The game is registered (it has a record, or the game store knows it).</param>
    /// <param name="status">The game's runtime status; null when it has no runtime record.</param>
    /// <param name="missedLastPass">The previous pass already found this game's engine missing.</param>
    public static ReconcileAction Decide(bool gameKnown, RuntimeStatus? status, EngineSighting engine, bool missedLastPass)
    {
        // Another deployment's engine is invisible: it neither satisfies a record nor becomes our orphan.
        var ours = engine == EngineSighting.ForeignStack ? EngineSighting.Absent : engine;

        if (engine == EngineSighting.HostUnreachable)
        {
            // A failed listing of one host is not "engine missing": the game is unreachable, and no miss is counted.
            // Other statuses have no way to engine_unreachable (SPEC §3), or are there already.
            return gameKnown && status is RuntimeStatus.Running or RuntimeStatus.Starting ? ReconcileAction.MarkUnreachable : ReconcileAction.Leave;
        }

        if (!gameKnown)
        {
            return ours == EngineSighting.Absent ? ReconcileAction.Leave : ReconcileAction.Orphan;
        }

        if (ours == EngineSighting.Running)
        {
            return status switch
            {
                RuntimeStatus.Running or RuntimeStatus.GenerationFailed => ReconcileAction.Refresh,
                // A turn in flight (or being settled after a restart) owns the record; a finished game's engine
                // waits for its stop.
                RuntimeStatus.GenerationInProgress or RuntimeStatus.Finished => ReconcileAction.Leave,
                // No record, starting, engine_unreachable, stopped or removed: the engine outlived what the record says.
                _ => ReconcileAction.Adopt,
            };
        }

        // An exited engine counts as missing: nothing answers for the game.
        if (status is not { } current || RuntimeTransitions.IsTerminal(current))
        {
            return ReconcileAction.Leave;
        }
        return missedLastPass ? ReconcileAction.MarkRemoved : ReconcileAction.NoteMissing;
    }
}
