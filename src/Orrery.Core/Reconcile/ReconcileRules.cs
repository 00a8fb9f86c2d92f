using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Reconcile;

/// <summary>What the game's last word asks of its engine: the desired state a pass never overrides (issue 16).</summary>
public enum GameIntent
{
    /// <summary>The game should have a running engine: one found running is adopted.</summary>
    Run,
    /// <summary>The last word was a stop (or the game was removed): an engine found running is a stray, stopped and removed.</summary>
    Stop,
}

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
    /// <summary>An engine runs for a game whose intent is to stop, seen for the first pass: remember, do nothing yet.</summary>
    NoteStray,
    /// <summary>The same stray engine runs on the second pass in a row: stop and remove it; the record stays as it is.</summary>
    RemoveStray,
}

/// <summary>The reconciler's decision table (SPEC §7), free of I/O so every combination is tested.</summary>
public static class ReconcileRules
{
    /// <param name="gameKnown">The game is registered (it has a record, or the game store knows it).</param>
    /// <param name="status">The game's runtime status; null when it has no runtime record.</param>
    /// <param name="seenLastPass">
    /// The previous pass saw the same: the game's engine missing, or (for a game whose intent is to stop) the same engine
    /// running.
    /// </param>
    /// <param name="intent">What the game's last word asks (<see cref="IntentOf"/>).</param>
    public static ReconcileAction Decide(bool gameKnown, RuntimeStatus? status, EngineSighting engine, bool seenLastPass, GameIntent intent)
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
                // Someone stopped the game (or it was removed): its engine is not taken back, but taken down, after two
                // passes in a row like a missing one, so an engine caught between a start's launch and its record is spared.
                RuntimeStatus.Stopped or RuntimeStatus.Removed when intent == GameIntent.Stop =>
                    seenLastPass ? ReconcileAction.RemoveStray : ReconcileAction.NoteStray,
                // No record, starting, engine_unreachable, or an interrupted launch: the engine outlived what the record says.
                _ => ReconcileAction.Adopt,
            };
        }

        // An exited engine counts as missing: nothing answers for the game.
        if (status is not { } current || RuntimeTransitions.IsTerminal(current))
        {
            return ReconcileAction.Leave;
        }
        return seenLastPass ? ReconcileAction.MarkRemoved : ReconcileAction.NoteMissing;
    }

    /// <summary>
    /// What the game's last word asks of its engine. Only <c>stopped</c> and <c>removed</c> can mean "stop": any other
    /// status (or no record) was written by a launch that came after every stop. A stopped or removed game wants to run
    /// again only when its last word is a launch: an interrupted start, restart or patch (the node stopped during it),
    /// or, for a stopped game, a launch that succeeded after the stop the status records (a restart or patch whose
    /// second half then failed leaves <c>stopped</c> behind a successful start).
    /// </summary>
    /// <param name="lastWord">The game's newest operation that <see cref="IsWord"/>, or null when it has none.</param>
    public static GameIntent IntentOf(RuntimeStatus? status, Operation? lastWord)
    {
        if (status is not (RuntimeStatus.Stopped or RuntimeStatus.Removed))
        {
            return GameIntent.Run;
        }
        return lastWord switch
        {
            { Kind: OperationKind.Start or OperationKind.Restart or OperationKind.Patch, Status: OperationStatus.Failed } => GameIntent.Run,
            { Kind: OperationKind.Start or OperationKind.Restart or OperationKind.Patch } when status == RuntimeStatus.Stopped => GameIntent.Run,
            _ => GameIntent.Stop,
        };
    }

    /// <summary>
    /// Whether an operation says what the game's engine should be: a start, stop, restart, patch or reconcile pass that
    /// succeeded, or a start, restart or patch that the node's stop interrupted (the operator asked for a running game
    /// and nobody took it back). Pause, resume, forced turns and refused or failed requests say nothing of it.
    /// </summary>
    public static bool IsWord(Operation operation) => operation switch
    {
        { Kind: OperationKind.Start or OperationKind.Stop or OperationKind.Restart or OperationKind.Patch or OperationKind.Reconcile, Status: OperationStatus.Succeeded } => true,
        { Kind: OperationKind.Start or OperationKind.Restart or OperationKind.Patch, Status: OperationStatus.Failed, ErrorCode: ErrorCodes.Interrupted } => true,
        _ => false,
    };
}
