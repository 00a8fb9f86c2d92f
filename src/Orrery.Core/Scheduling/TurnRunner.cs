using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Batching;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Runtime;
using Orrery.Snapshots;
using Orrery.Streams;

namespace Orrery.Scheduling;

/// <summary>
/// Plays one due slot of one game (SPEC §5): <c>generation_in_progress</c>, the engine's turn call, then the
/// snapshot and <c>running</c> or <c>finished</c>; on failure <c>generation_failed</c>, paused, and a
/// <c>game_paused</c> event. The move to <c>generation_in_progress</c> is a compare-and-swap that also checks the
/// current turn, so one slot never yields two turns however many callers race for it.
/// </summary>
public sealed partial class TurnRunner(
    RuntimeRecords records,
    IEngineClient engines,
    SnapshotPublisher snapshots,
    LobbyEventPublisher lobby,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<SchedulerOptions> options,
    ILogger<TurnRunner> logger)
{
    private const int MaxMergedCounted = 1_000;

    private readonly GroupCommit<SnapshotUpdate, RuntimeRecord?> _completions = new(updates => snapshots.PublishManyAsync(updates, CancellationToken.None));

    /// <summary>
    /// Plays the turn of <paramref name="slot"/>, or with a null slot the forced turn the record asks for
    /// (<c>skip_next_tick</c>). A slot the record has moved past, or a force already consumed, plays nothing:
    /// late or repeated callers are harmless.
    /// </summary>
    public async Task<TurnOutcome> RunAsync(Guid gameId, DateTimeOffset? slot, CancellationToken cancellationToken)
    {
        var start = (await BeginManyAsync([new DueTurn(gameId, slot)], cancellationToken))[0];
        return start.Begun is { } begun ? await PlayAsync(begun, cancellationToken) : start.NotPlayed!;
    }

    /// <summary>
    /// The first half of every turn due at one instant: each game whose slot (or force) is still its own moves to
    /// <c>generation_in_progress</c>, all of them in one batch write, so a burst of due games begins on time
    /// instead of queueing one write each. The caller plays each begun turn with <see cref="PlayAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<TurnStart>> BeginManyAsync(IReadOnlyList<DueTurn> due, CancellationToken cancellationToken)
    {
        var starts = new TurnStart[due.Count];
        var candidates = new List<(int Index, RuntimeRecord Seen)>(due.Count);
        for (var i = 0; i < due.Count; i++)
        {
            var (gameId, slot) = due[i];
            var record = await records.GetAsync(gameId, cancellationToken);
            if (record is null || RuntimeTransitions.IsTerminal(record.Status))
            {
                starts[i] = TurnStart.NotBegun(TurnResult.Unscheduled, record);
                continue;
            }

            // A pending force plays at the first chance, whoever asks; it overrides paused and generation_failed.
            var forced = record.SkipNextTick;
            if (!forced && (slot is null || record.NextTurnAt > slot))
            {
                starts[i] = TurnStart.NotBegun(TurnResult.Skipped, record);
                continue;
            }
            var playable = record.Status == RuntimeStatus.Running || (forced && record.Status == RuntimeStatus.GenerationFailed);
            if (!playable || (record.Paused && !forced))
            {
                starts[i] = TurnStart.NotBegun(TurnResult.Skipped, await AdvanceSlotAsync(record, cancellationToken));
                continue;
            }
            candidates.Add((i, record));
        }
        if (candidates.Count == 0)
        {
            return starts;
        }

        var begun = await records.UpdateManyAsync([.. candidates.Select(c => (c.Seen.GameId, Begin(c.Seen)))], cancellationToken);
        var now = time.GetUtcNow();
        for (var j = 0; j < candidates.Count; j++)
        {
            var (index, seen) = candidates[j];
            if (begun[j] is not { } record)
            {
                // Another turn began or ended first, the game left running, or it is gone: this slot is taken care of.
                Log.TurnNotBegun(logger, seen.GameId);
                starts[index] = TurnStart.NotBegun(TurnResult.Skipped, await records.GetAsync(seen.GameId, cancellationToken));
                continue;
            }
            var slot = seen.SkipNextTick ? null : due[index].Slot;
            var merged = 0;
            if (slot is { } scheduled)
            {
                metrics.TurnLateness.Record((now - scheduled).TotalSeconds);
                merged = CountMergedSlots(record, scheduled);
            }
            starts[index] = TurnStart.Play(new BegunTurn(record, slot, merged));
        }
        return starts;
    }

    /// <summary>
    /// Slots after <paramref name="slot"/> that were already due when its turn began: the turn's next slot is the one
    /// after it began (<see cref="CompleteAsync"/>), so they are merged into this turn.
    /// </summary>
    private int CountMergedSlots(RuntimeRecord begun, DateTimeOffset slot)
    {
        var merged = TurnSlots.CountBetween(begun.TurnSchedule, slot, begun.StatusChangedAt, MaxMergedCounted);
        if (merged > 0)
        {
            metrics.TurnSlotsMerged.Add(merged);
            Log.SlotsMerged(logger, begun.GameId, merged, slot);
        }
        return merged;
    }

    /// <summary>The move to <c>generation_in_progress</c>, refused if the turn read is no longer the current one.</summary>
    private Func<RuntimeRecord, RuntimeRecord> Begin(RuntimeRecord seen) => current =>
        RuntimeChanges.BeginTurn(current, seen.CurrentTurn, time.GetUtcNow());

    /// <summary>
    /// The second half of a turn begun by <see cref="BeginManyAsync"/>: the engine's turn call, then the snapshot
    /// and <c>running</c> or <c>finished</c>, or <c>generation_failed</c>. Traced as one <c>orrery.turn</c> activity
    /// from the moment the turn began (<see cref="TurnActivity"/>).
    /// </summary>
    public async Task<TurnOutcome> PlayAsync(BegunTurn turn, CancellationToken cancellationToken)
    {
        using var activity = TurnActivity.Start(turn);
        try
        {
            var outcome = await GenerateAsync(turn.Record, cancellationToken);
            TurnActivity.Ended(activity, outcome);
            return outcome;
        }
        catch (Exception ex)
        {
            TurnActivity.Broke(activity, ex);
            throw;
        }
    }

    private async Task<TurnOutcome> GenerateAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        EngineState state;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.TurnTimeout);
            // The record's turn is the fencing token: an engine already past it generates nothing (SPEC §10).
            state = await engines.GenerateTurnAsync(EndpointOf(record), record.GameId, record.CurrentTurn, timeout.Token);
            if (state.GameId != record.GameId)
            {
                throw new EngineCallException($"The engine answered for game {state.GameId}.");
            }
        }
        catch (EngineTurnMismatchException mismatch)
        {
            return await SettleMismatchAsync(record, mismatch, started, cancellationToken);
        }
        catch (Exception ex) when (ex is EngineCallException or OrreryException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException
                ? $"the engine did not generate turn {record.CurrentTurn + 1} within {options.Value.TurnTimeout}"
                : ex.Message;
            return await SettleFailedCallAsync(record, reason, started);
        }

        var outcome = await CompleteAsync(record, state, cancellationToken);
        metrics.TurnDuration.Record(time.GetElapsedTime(started).TotalSeconds);
        return outcome;
    }

    private async Task<TurnOutcome> CompleteAsync(RuntimeRecord record, EngineState state, CancellationToken cancellationToken)
    {
        var update = new SnapshotUpdate(
            record.GameId,
            state,
            (current, now) => RuntimeChanges.EndTurn(StillInProgress(current, record), state.Finished, now));
        // Turns that end together are recorded together: one CAS batch and one lobby append for all of them.
        var saved = await _completions.WriteAsync(update)
            ?? throw OrreryException.Conflict($"Turn {state.Turn} of game {record.GameId} could not be recorded: the game changed meanwhile.");

        if (state.Finished)
        {
            metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", "finished"));
            Log.GameFinished(logger, record.GameId, state.Turn);
            await lobby.GameFinishedAsync(record.GameId, "the engine reported the game finished", state.Turn, cancellationToken);
            return new TurnOutcome(TurnResult.Finished, saved);
        }
        metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", "played"));
        return new TurnOutcome(TurnResult.Played, saved);
    }

    /// <summary>The outcome is recorded even if the node is shutting down: the record must not stay in progress.</summary>
    private async Task<TurnOutcome> FailAsync(RuntimeRecord record, string reason, long started)
    {
        Log.TurnFailed(logger, record.GameId, record.CurrentTurn + 1, reason);
        var saved = await records.UpdateAsync(
            record.GameId,
            current => RuntimeChanges.FailTurn(StillInProgress(current, record), time.GetUtcNow()),
            CancellationToken.None);
        metrics.Turns.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
        metrics.TurnDuration.Record(time.GetElapsedTime(started).TotalSeconds);
        await lobby.GamePausedAsync(record.GameId, $"generation_failed: {reason}", saved.CurrentTurn, CancellationToken.None);
        return new TurnOutcome(TurnResult.Failed, saved);
    }

    /// <summary>
    /// Moves a skipped game's next turn to the slot after now, so a skipped slot is never played late. A turn in
    /// flight owns the clock: it sets the next slot itself when it ends.
    /// </summary>
    private async Task<RuntimeRecord> AdvanceSlotAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (record.NextTurnAt > now || record.Status == RuntimeStatus.GenerationInProgress)
        {
            return record;
        }
        return await records.UpdateAsync(
            record.GameId,
            current => RuntimeChanges.SkipSlot(current, now),
            cancellationToken);
    }

    private static Uri EndpointOf(RuntimeRecord record) =>
        Uri.TryCreate(record.EngineEndpoint, UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new EngineCallException($"Game {record.GameId} has no engine endpoint.");
}
