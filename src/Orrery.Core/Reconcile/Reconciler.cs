using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Batching;
using Orrery.Cluster;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Snapshots;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Reconcile;

/// <summary>
/// Brings runtime records and the engines the host runs back in line (SPEC §7): refreshes running games, adopts
/// engines that outlived what their record says, marks games whose engine is gone <c>removed</c> after two passes in a
/// row, takes down (never adopts) the engine of a game whose last word was a stop after two passes in a row, and
/// reports orphan engines. One pass at a time; a game's failure is reported and the pass goes on. Every removal and
/// stop a pass makes is an operation of op <c>reconcile</c> and source <c>system</c> in the game's log, and a
/// <c>runtime_job_result</c> on the lobby stream.
/// </summary>
/// <remarks>
/// <para>
/// In-flight operations win: a game with a queued or running operation is skipped, and every write is a
/// compare-and-swap that first checks the record still has the status and engine the pass read. A start, stop or turn
/// that changes the record after the listing therefore makes the pass skip the game instead of undoing the change.
/// </para>
/// <para>
/// Records are read before engines, so an engine started between the two reads shows up with the record's old status
/// (and its operation still pending), never as a record without its engine. A failed listing fails the pass and does
/// not count as a miss: one bad listing never removes a game. With several engine hosts, a host that does not answer
/// makes its games <c>engine_unreachable</c> instead, and the others are reconciled as usual.
/// </para>
/// </remarks>
public sealed partial class Reconciler(
    IRuntimeStore store,
    IGameStore games,
    IOperationStore operationLog,
    OperationJournal journal,
    IEngineHost host,
    IEngineClient engines,
    RuntimeRecords records,
    SnapshotPublisher snapshots,
    LobbyEventPublisher lobby,
    TurnScheduler scheduler,
    OperationQueue operations,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<ReconcileOptions> options,
    EngineStopper stopper,
    ILogger<Reconciler> logger,
    IGameOwnership? ownership = null) : IDisposable
{
    private const string RemovedMessage = "engine missing in two consecutive reconcile passes";

    /// <summary>Operations read per page while looking for a game's last word; pauses and forced turns come between.</summary>
    private const int LastWordPage = 100;

    /// <summary>
    /// Games per refresh batch: large enough that a pass of 10,000 games is a few dozen writes, small enough that one
    /// batch holds the embedded store's single writer for tens of milliseconds, so turns ending meanwhile are not held
    /// up behind a whole pass.
    /// </summary>
    private const int RefreshBatch = 500;

    private readonly SemaphoreSlim _passGate = new(1, 1);
    private readonly GroupCommit<SnapshotUpdate, RuntimeRecord?> _refreshes = new(updates => snapshots.PublishManyAsync(updates, CancellationToken.None), RefreshBatch);
    private HashSet<Guid> _missedLastPass = [];
    private HashSet<string> _straysLastPass = new(StringComparer.Ordinal);

    /// <summary>Runs one pass (after the one in progress, if any) and reports what it did.</summary>
    /// <exception cref="Exception">Listing the records or the engines failed; nothing was changed.</exception>
    public async Task<ReconcileReport> RunPassAsync(CancellationToken cancellationToken)
    {
        await _passGate.WaitAsync(cancellationToken);
        try
        {
            return await PassAsync(cancellationToken);
        }
        finally
        {
            _passGate.Release();
        }
    }

    public void Dispose() => _passGate.Dispose();

    private List<T> Owned<T>(IReadOnlyList<T> items, Func<T, Guid?> gameOf) =>
        ownership is null
            ? [.. items]
            : [.. items.Where(item => gameOf(item) is { } gameId ? ownership.Owns(gameId) : ownership.OwnsUnclaimed)];

    private async Task<ReconcileReport> PassAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;

        // Only this node's games (and, on the owner of shard 0, engines that name no game): every other replica passes over its own.
        var stored = Owned(await store.ListAsync(cancellationToken), r => r.GameId);
        records.Learn(stored); // the refreshes' writes start from these instead of reading each record again
        var listing = await host.ListByHostAsync(cancellationToken);
        var listed = Owned(listing.Engines, e => e.GameId);
        foreach (var unreachable in listing.Unreachable)
        {
            Log.HostUnreachable(logger, unreachable.Name, unreachable.Error);
        }
        var matches = EngineMatcher.Match(stored, listed, settings.Stack, listing.MayHide);
        foreach (var duplicate in matches.Duplicates)
        {
            Log.DuplicateEngine(logger, duplicate.GameId, duplicate.Id);
        }

        var steps = await PlanAsync(matches, cancellationToken);
        var tally = new ReconcileTally();
        var missed = new HashSet<Guid>();
        var strays = new HashSet<string>(StringComparer.Ordinal);
        var writes = new ConcurrentBag<Task>();
        try
        {
            await Parallel.ForEachAsync(
                steps,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxParallelStatusCalls, CancellationToken = cancellationToken },
                async (step, ct) =>
                {
                    if (!await ApplyAsync(step, tally, writes, ct))
                    {
                        return;
                    }
                    lock (missed)
                    {
                        // A stray is remembered by its engine (the next pass must see the same one), a miss by its game.
                        if (step.Action is ReconcileAction.NoteStray or ReconcileAction.RemoveStray)
                        {
                            strays.Add(step.Engine!.Id);
                        }
                        else if (step.GameId is { } gameId)
                        {
                            missed.Add(gameId);
                        }
                    }
                });
        }
        finally
        {
            // Even a cancelled pass lets the refreshes it handed over be written (and never overlaps the next pass).
            await Task.WhenAll(writes);
        }
        _missedLastPass = missed;
        _straysLastPass = strays;

        var duration = Stopwatch.GetElapsedTime(started);
        var report = tally.ToReport(startedAt, duration, stored.Count, listed.Count);
        Record(report);
        return report;
    }

    /// <summary>The steps of a pass: each record with its engine, then each unclaimed engine with whether its game is known.</summary>
    private async Task<List<ReconcileStep>> PlanAsync(EngineMatches matches, CancellationToken cancellationToken)
    {
        var steps = new List<ReconcileStep>(matches.Records.Count + matches.Unclaimed.Count);
        foreach (var match in matches.Records)
        {
            var seenLastPass = match.Sighting == EngineSighting.Running
                ? _straysLastPass.Contains(match.Engine!.Id)
                : _missedLastPass.Contains(match.Record.GameId);
            var intent = ReconcileRules.IntentOf(match.Record.Status, await LastWordIfAskedAsync(match, cancellationToken));
            var action = ReconcileRules.Decide(true, match.Record.Status, match.Sighting, seenLastPass, intent);
            if (action != ReconcileAction.Leave)
            {
                steps.Add(new ReconcileStep(action, match.Record.GameId, match.Record, match.Engine));
            }
        }

        // Engines no record claims are few (new adoptions, orphans): a game lookup each is fine.
        foreach (var engine in matches.Unclaimed)
        {
            var known = engine.GameId is { } gameId && await games.GetAsync(gameId, cancellationToken) is not null;
            var action = ReconcileRules.Decide(known, null, EngineMatcher.SightingOf(engine, options.Value.Stack), false, GameIntent.Run);
            if (action != ReconcileAction.Leave)
            {
                steps.Add(new ReconcileStep(action, engine.GameId, null, engine));
            }
        }
        return steps;
    }

    /// <summary>
    /// The game's last word (<see cref="ReconcileRules.IsWord"/>), read only where it decides something: a stopped or
    /// removed game whose engine runs. Such games are few, so a read of the operation log each is fine.
    /// </summary>
    private async Task<Operation?> LastWordIfAskedAsync(RecordMatch match, CancellationToken cancellationToken)
    {
        if (match.Sighting != EngineSighting.Running || match.Record.Status is not (RuntimeStatus.Stopped or RuntimeStatus.Removed))
        {
            return null;
        }
        for (var number = 1; ; number++)
        {
            var page = await operationLog.ListAsync(match.Record.GameId, PageRequest.Create(number, LastWordPage), cancellationToken);
            if (page.Items.FirstOrDefault(ReconcileRules.IsWord) is { } word)
            {
                return word;
            }
            if (page.Items.Count < LastWordPage)
            {
                return null;
            }
        }
    }

    /// <returns>
    /// True when the step is to be remembered by the next pass: an engine missed (noted, or a removal that failed) or a
    /// stray engine seen (noted, or a take-down that failed).
    /// </returns>
    private async Task<bool> ApplyAsync(ReconcileStep step, ReconcileTally tally, ConcurrentBag<Task> writes, CancellationToken cancellationToken)
    {
        if (step.Action != ReconcileAction.Orphan && step.GameId is { } pendingGame && operations.Pending(pendingGame).Count > 0)
        {
            tally.Skipped(pendingGame);
            return false;
        }

        try
        {
            switch (step.Action)
            {
                case ReconcileAction.NoteMissing:
                    Log.EngineMissing(logger, step.GameId!.Value);
                    tally.Missing(step.GameId.Value);
                    return true;
                case ReconcileAction.MarkRemoved:
                    await MarkRemovedAsync(step.Record!, cancellationToken);
                    tally.Removed(step.Record!.GameId);
                    return false;
                case ReconcileAction.Refresh:
                    await RefreshAsync(step, tally, writes, cancellationToken);
                    return false;
                case ReconcileAction.Adopt:
                    await AdoptAsync(step.GameId!.Value, step.Record, step.Engine!, tally, cancellationToken);
                    return false;
                case ReconcileAction.Orphan:
                    await HandleOrphanAsync(step.Engine!, tally, cancellationToken);
                    return false;
                case ReconcileAction.MarkUnreachable:
                    await MarkUnreachableAsync(step.Record!, cancellationToken);
                    tally.Unreachable(step.Record!.GameId);
                    return false;
                case ReconcileAction.NoteStray:
                    Log.StraySeen(logger, step.GameId!.Value, step.Engine!.Id, WireNames<RuntimeStatus>.Name(step.Record!.Status));
                    tally.Stray(step.GameId.Value);
                    return true;
                case ReconcileAction.RemoveStray:
                    await RemoveStrayAsync(step.Record!, step.Engine!, cancellationToken);
                    tally.StrayRemoved(step.Record!.GameId);
                    return false;
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(step, ex, tally);
        }
    }

    /// <summary>Counts a step that threw: a record that moved on is skipped, anything else is the game's error.</summary>
    /// <returns>True when the game's engine counts as missed by this pass (a removal that failed).</returns>
    private bool Failed(ReconcileStep step, Exception exception, ReconcileTally tally)
    {
        if (exception is OrreryException { Code: ErrorCodes.Conflict } && step.GameId is { } moved)
        {
            Skip(moved, exception.Message, tally);
            return false;
        }
        Log.StepFailed(logger, step.GameId, step.Engine?.Id, step.Action, exception);
        tally.Error(step.GameId, step.Engine?.Id, exception.Message);
        // A removal or take-down that failed is retried by the next pass without waiting for another sighting.
        return step.Action is ReconcileAction.MarkRemoved or ReconcileAction.RemoveStray;
    }

    private void Skip(Guid gameId, string reason, ReconcileTally tally)
    {
        Log.RecordMovedOn(logger, gameId, reason);
        tally.Skipped(gameId);
    }

    /// <summary>
    /// Asks the engine for its state and hands it to the pass's refresh batches; the outcome is counted once its batch
    /// is written (<see cref="SettleRefreshAsync"/>).
    /// </summary>
    private async Task RefreshAsync(ReconcileStep step, ReconcileTally tally, ConcurrentBag<Task> writes, CancellationToken cancellationToken)
    {
        var (observed, engine) = (step.Record!, step.Engine!);
        if (await StatusAsync(observed.GameId, engine, cancellationToken) is not { } state)
        {
            await MarkUnreachableAsync(observed, cancellationToken);
            tally.Unreachable(observed.GameId);
            return;
        }
        var update = new SnapshotUpdate(observed.GameId, state, (current, _) => RuntimeChanges.OnEngine(NotBehind(Unchanged(current, observed), state), engine));
        writes.Add(SettleRefreshAsync(step, _refreshes.WriteAsync(update), tally));
    }

    private async Task SettleRefreshAsync(ReconcileStep step, Task<RuntimeRecord?> write, ReconcileTally tally)
    {
        try
        {
            if (await write is null)
            {
                // The refresh refused (the record changed status, engine or turn since the pass read it) or the game is gone.
                Skip(step.GameId!.Value, "the record changed or went away before the refresh was written", tally);
                return;
            }
            tally.Refreshed(step.GameId!.Value);
        }
        catch (Exception ex)
        {
            Failed(step, ex, tally);
        }
    }

    /// <summary>
    /// Takes a running engine back as the game's (SPEC §7): its status becomes a snapshot and the record
    /// <c>running</c>, and the game is scheduled. A game without a record gets one first.
    /// </summary>
    private async Task AdoptAsync(Guid gameId, RuntimeRecord? observed, EngineInstance engine, ReconcileTally tally, CancellationToken cancellationToken)
    {
        if (await StatusAsync(gameId, engine, cancellationToken) is not { } state)
        {
            if (observed is not null)
            {
                await MarkUnreachableAsync(observed, cancellationToken);
            }
            tally.Unreachable(gameId);
            return;
        }

        observed ??= await CreateRecordAsync(gameId, cancellationToken);
        var adopted = await snapshots.PublishAsync(
            gameId,
            state,
            (current, now) => RuntimeChanges.Adopt(Unchanged(current, observed), engine, now),
            cancellationToken);
        scheduler.Track(adopted);
        Log.Adopted(logger, gameId, engine.Id, WireNames<RuntimeStatus>.Name(observed.Status), state.Turn);
        tally.Adopted(gameId);
    }

    private async Task<RuntimeRecord> CreateRecordAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var game = await games.GetAsync(gameId, cancellationToken) ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
        return await records.UpsertAsync(
            gameId,
            current => current is null
                ? RuntimeRecord.NewStarting(gameId, game.TurnSchedule, time.GetUtcNow())
                : throw OrreryException.Conflict($"Game {gameId} got a runtime record while the pass adopted its engine."),
            cancellationToken);
    }

    private async Task MarkUnreachableAsync(RuntimeRecord observed, CancellationToken cancellationToken)
    {
        Log.EngineUnreachable(logger, observed.GameId, WireNames<RuntimeStatus>.Name(observed.Status));
        await records.UpdateAsync(
            observed.GameId,
            current => RuntimeTransitions.IsAllowed(Unchanged(current, observed).Status, RuntimeStatus.EngineUnreachable)
                ? RuntimeChanges.Unreachable(current, time.GetUtcNow())
                : current, // stopped, removed or generation_failed: nothing to record, the report says it
            cancellationToken);
    }

    private async Task MarkRemovedAsync(RuntimeRecord observed, CancellationToken cancellationToken)
    {
        var removed = await records.UpdateAsync(
            observed.GameId,
            current => RuntimeChanges.EngineGone(Unchanged(current, observed), time.GetUtcNow()),
            cancellationToken);
        scheduler.Track(removed); // a terminal status drops the schedule
        await journal.RecordSystemWorkAsync(observed.GameId, OperationKind.Reconcile, observed.EngineId, cancellationToken);
        await lobby.ReconcileResultAsync(observed.GameId, RuntimeStatus.Removed, RemovedMessage, cancellationToken);
        Log.Removed(logger, observed.GameId, observed.EngineId, WireNames<RuntimeStatus>.Name(observed.Status));
    }

    /// <summary>
    /// Takes down the engine of a game whose last word was a stop: stopped with the grace period and removed, the record
    /// left as it is (no status to change, so nothing the lifecycle table has to allow). The record is read again first:
    /// a start accepted since the listing makes the pass skip the game instead of killing what the start is bringing up.
    /// </summary>
    private async Task RemoveStrayAsync(RuntimeRecord observed, EngineInstance engine, CancellationToken cancellationToken)
    {
        if (await records.GetFreshAsync(observed.GameId, cancellationToken) is not { } current)
        {
            throw OrreryException.Conflict($"Game {observed.GameId} was deleted during the pass.");
        }
        Unchanged(current, observed);
        await stopper.RemoveEngineAsync(observed.GameId, engine.Id, cancellationToken);
        await journal.RecordSystemWorkAsync(observed.GameId, OperationKind.Reconcile, engine.Id, cancellationToken);
        var status = WireNames<RuntimeStatus>.Name(current.Status);
        await lobby.ReconcileResultAsync(
            observed.GameId, current.Status, $"engine {engine.Id} of a {status} game ran in two consecutive reconcile passes; stopped and removed", cancellationToken);
        Log.StrayRemoved(logger, observed.GameId, engine.Id, status);
    }

    private async Task HandleOrphanAsync(EngineInstance engine, ReconcileTally tally, CancellationToken cancellationToken)
    {
        var remove = options.Value.RemoveOrphans;
        Log.Orphan(logger, engine.Id, engine.GameId, remove);
        if (remove)
        {
            await stopper.RemoveEngineAsync(engine.GameId, engine.Id, cancellationToken);
        }
        tally.Orphan(engine, remove);
    }

    /// <summary>The engine's state, or null when it does not answer in time (or answers for another game, which is logged).</summary>
    private async Task<EngineState?> StatusAsync(Guid gameId, EngineInstance engine, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.StatusTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var state = await engines.GetStatusAsync(engine.Endpoint, linked.Token);
            if (state.GameId == gameId)
            {
                return state;
            }
            Log.WrongGame(logger, gameId, engine.Id, state.GameId);
            return null;
        }
        catch (EngineCallException ex)
        {
            Log.StatusFailed(logger, gameId, engine.Id, ex.Message);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.StatusFailed(logger, gameId, engine.Id, $"no answer within {options.Value.StatusTimeout}");
            return null;
        }
    }

    /// <summary>
    /// Refuses a refresh older than the record: a turn recorded after the engine answered its status must not be
    /// undone (the refresh is written a little later than the status call, with its batch).
    /// </summary>
    private static RuntimeRecord NotBehind(RuntimeRecord current, EngineState state) =>
        current.CurrentTurn <= state.Turn
            ? current
            : throw OrreryException.Conflict($"Game {current.GameId} recorded turn {current.CurrentTurn} after its engine reported turn {state.Turn}.");

    /// <summary>Refuses to write over a record that changed status or engine since the pass read it.</summary>
    private static RuntimeRecord Unchanged(RuntimeRecord current, RuntimeRecord observed) =>
        current.Status == observed.Status && current.EngineId == observed.EngineId
            ? current
            : throw OrreryException.Conflict(
                $"Game {current.GameId} went from {WireNames<RuntimeStatus>.Name(observed.Status)} to {WireNames<RuntimeStatus>.Name(current.Status)} during the pass.");

    private void Record(ReconcileReport report)
    {
        Count("adopted", report.Adopted.Count);
        Count("removed", report.Removed.Count);
        Count("refreshed", report.Refreshed.Count);
        Count("unreachable", report.Unreachable.Count);
        Count("missing", report.Missing.Count);
        Count("stray", report.Strays.Count);
        Count("stray_removed", report.StraysRemoved.Count);
        Count("skipped", report.Skipped.Count);
        Count("orphan", report.Orphans.Count);
        Count("error", report.Errors.Count);
        metrics.ReconcilePassDuration.Record(report.Duration.TotalSeconds);

        void Count(string outcome, int count)
        {
            if (count > 0)
            {
                metrics.ReconcileOutcomes.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }

    private sealed record ReconcileStep(ReconcileAction Action, Guid? GameId, RuntimeRecord? Record, EngineInstance? Engine);
}
