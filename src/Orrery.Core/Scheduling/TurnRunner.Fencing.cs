using Microsoft.Extensions.Logging;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Runtime;

namespace Orrery.Scheduling;

// The turn's fence at the engine (SPEC §10): turns left in progress, and turn calls the engine refused because it is
// not at the record's turn. A turn is recorded when the engine is exactly one ahead, never played twice.
public sealed partial class TurnRunner
{
    /// <summary>
    /// Settles a turn a previous run of the node (or a replica that lost the game) left <c>generation_in_progress</c>:
    /// if the engine already has the next turn it is recorded; if it is still at the record's turn the turn is played
    /// now, fenced by the record's turn like any other (it is the same slot, not a second turn); an engine out of step
    /// fails the turn. The status read first keeps engines that ignore the fence from playing twice too.
    /// </summary>
    public async Task<TurnOutcome> ResumeInterruptedAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        try
        {
            var state = await engines.GetStatusAsync(EndpointOf(record), cancellationToken);
            if (state.Turn != record.CurrentTurn)
            {
                Log.InterruptedTurnFound(logger, record.GameId, state.Turn);
                return await RecordPlayedAsync(record, state, time.GetTimestamp(), cancellationToken);
            }
        }
        catch (EngineCallException)
        {
            // The turn call below reports the engine's failure as a failed turn.
        }
        Log.InterruptedTurnReplayed(logger, record.GameId, record.CurrentTurn + 1);
        return await PlayAsync(new BegunTurn(record, null), cancellationToken);
    }

    /// <summary>
    /// The next slot of a game whose last turn on this node failed on the store (its begin or its outcome could not be
    /// written, or was written and the answer lost): a record left <c>generation_in_progress</c>, read fresh from the
    /// store, has no turn in flight anywhere on this node, so it is settled like a turn a restart left
    /// (<see cref="ResumeInterruptedAsync"/>: recorded if the engine played it, played under the fence if not). Any
    /// other record plays the slot as usual. Without this the turn would stay in progress until the next restart.
    /// </summary>
    public async Task<TurnOutcome> SettleStrandedAsync(Guid gameId, DateTimeOffset? slot, CancellationToken cancellationToken)
    {
        var record = await records.GetFreshAsync(gameId, cancellationToken);
        if (record is { Status: RuntimeStatus.GenerationInProgress })
        {
            Log.StrandedTurnSettling(logger, gameId, record.CurrentTurn + 1);
            return await ResumeInterruptedAsync(record, cancellationToken);
        }
        return await RunAsync(gameId, slot, cancellationToken);
    }

    /// <summary>
    /// The engine refused the fenced turn call. Exactly one turn ahead, someone already played this turn (a replica
    /// that lost the game, or an earlier attempt whose answer was lost): its state is read and recorded as this turn's
    /// result, never played again. Behind, or further ahead, the engine is out of step: the turn fails.
    /// </summary>
    private async Task<TurnOutcome> SettleMismatchAsync(
        RuntimeRecord record, EngineTurnMismatchException mismatch, long started, CancellationToken cancellationToken)
    {
        if (TurnFence.Judge(record.CurrentTurn, mismatch.ActualTurn) != TurnFenceVerdict.PlayedAlready)
        {
            return await FailOutOfStepAsync(record, mismatch.ActualTurn, started);
        }

        EngineState state;
        try
        {
            state = await engines.GetStatusAsync(EndpointOf(record), cancellationToken);
        }
        catch (EngineCallException ex)
        {
            return await FailAsync(record, $"the engine had already played turn {record.CurrentTurn + 1}, but its state could not be read: {ex.Message}", started);
        }
        Log.TurnPlayedAlready(logger, record.GameId, mismatch.ActualTurn);
        return await RecordPlayedAsync(record, state, started, cancellationToken);
    }

    /// <summary>
    /// A turn call failed (timeout, transport error, error answer), but the engine may have played the turn and lost
    /// only its answer. Its status, read with a short timeout, decides: exactly one turn ahead, the turn is recorded
    /// with that state (the same fenced write as a successful call), never played again; at the record's turn, or
    /// unreadable, the failure stands; out of step, the mismatch path fails it. Runs even if the node is stopping,
    /// like <see cref="FailAsync"/>: the record must not stay in progress.
    /// </summary>
    private async Task<TurnOutcome> SettleFailedCallAsync(RuntimeRecord record, string reason, long started)
    {
        EngineState state;
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.FailedTurnStatusTimeout, time);
            state = await engines.GetStatusAsync(EndpointOf(record), timeout.Token);
        }
        catch (Exception ex) when (ex is EngineCallException or OperationCanceledException)
        {
            return await FailAsync(record, reason, started);
        }
        if (state.GameId != record.GameId)
        {
            return await FailAsync(record, reason, started);
        }
        switch (TurnFence.Judge(record.CurrentTurn, state.Turn))
        {
            case TurnFenceVerdict.Current:
                return await FailAsync(record, reason, started);
            case TurnFenceVerdict.OutOfStep:
                return await FailOutOfStepAsync(record, state.Turn, started);
            default:
                Log.TurnPlayedDespiteFailure(logger, record.GameId, state.Turn, reason);
                var outcome = await CompleteAsync(record, state, CancellationToken.None);
                metrics.TurnDuration.Record(time.GetElapsedTime(started).TotalSeconds);
                return outcome;
        }
    }

    /// <summary>
    /// Records an engine state read for a turn in progress as the turn's result if it is exactly the next turn of the
    /// record's game; any other state fails the turn (the game is paused), so a turn is never played twice nor skipped.
    /// </summary>
    private async Task<TurnOutcome> RecordPlayedAsync(RuntimeRecord record, EngineState state, long started, CancellationToken cancellationToken)
    {
        if (state.GameId != record.GameId)
        {
            return await FailAsync(record, $"the engine answered for game {state.GameId}", started);
        }
        return TurnFence.Judge(record.CurrentTurn, state.Turn) == TurnFenceVerdict.PlayedAlready
            ? await CompleteAsync(record, state, cancellationToken)
            : await FailOutOfStepAsync(record, state.Turn, started);
    }

    private Task<TurnOutcome> FailOutOfStepAsync(RuntimeRecord record, int engineTurn, long started)
    {
        Log.EngineOutOfStep(logger, record.GameId, engineTurn, record.CurrentTurn);
        return FailAsync(record, TurnFence.OutOfStepReason(record.CurrentTurn, engineTurn), started);
    }

    /// <summary>
    /// The record a turn's outcome may change: still <c>generation_in_progress</c> at the turn this caller began. One
    /// that moved on (another replica settled the turn, or began the next one) refuses, so a caller that lost the game
    /// can neither record its turn over a newer one nor fail (and pause) a turn it does not own.
    /// </summary>
    private static RuntimeRecord StillInProgress(RuntimeRecord current, RuntimeRecord begun) =>
        current.Status == RuntimeStatus.GenerationInProgress && current.CurrentTurn == begun.CurrentTurn
            ? current
            : throw OrreryException.Conflict(
                $"Turn {begun.CurrentTurn + 1} of game {begun.GameId} was settled elsewhere: the game is now at turn {current.CurrentTurn}.");
}
