using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Lifecycle;

/// <summary>
/// Pause, resume and force-next-turn (SPEC §4): flags on the runtime record, applied at once by
/// compare-and-swap and recorded in the operation log as running -> succeeded like queued operations.
/// </summary>
public sealed class ImmediateOperations(
    IGameStore games,
    IOperationStore operations,
    OperationJournal journal,
    RuntimeRecords records,
    LifecycleService lifecycle,
    TurnScheduler scheduler,
    LobbyEventPublisher lobby,
    TimeProvider time)
{
    /// <summary>Applies an immediate operation of any kind (pause, resume, force-next-turn).</summary>
    public Task<Operation> ApplyAsync(Guid gameId, OperationKind kind, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        kind switch
        {
            OperationKind.Pause => PauseAsync(gameId, source, idempotencyKey, cancellationToken),
            OperationKind.Resume => ResumeAsync(gameId, source, idempotencyKey, cancellationToken),
            OperationKind.ForceNextTurn => ForceNextTurnAsync(gameId, source, idempotencyKey, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an immediate operation."),
        };

    /// <summary>Sets the paused flag: the scheduler skips the game's slots. Pausing a paused game changes nothing.</summary>
    public async Task<Operation> PauseAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (operation, record) = await ApplyAsync(
            gameId, OperationKind.Pause, source, idempotencyKey,
            RuntimeChanges.Pause,
            cancellationToken);
        if (record is not null)
        {
            await lobby.GamePausedAsync(gameId, $"paused by {WireNames<OperationSource>.Name(source)}", record.CurrentTurn, cancellationToken);
        }
        return operation;
    }

    /// <summary>Clears the paused flag; turns resume at the next slot. A <c>generation_failed</c> game still needs a forced turn.</summary>
    public async Task<Operation> ResumeAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        (await ApplyAsync(
            gameId, OperationKind.Resume, source, idempotencyKey,
            RuntimeChanges.Resume,
            cancellationToken)).Operation;

    /// <summary>
    /// Plays the next turn now instead of at the next slot, also on a paused or <c>generation_failed</c> game
    /// (an admin override; the paused flag stays). The regular schedule carries on afterwards.
    /// </summary>
    public async Task<Operation> ForceNextTurnAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var (operation, record) = await ApplyAsync(
            gameId, OperationKind.ForceNextTurn, source, idempotencyKey,
            RuntimeChanges.ForceNextTurn,
            cancellationToken);
        if (record is not null)
        {
            scheduler.Track(record);
        }
        return operation;
    }

    /// <summary>
    /// Checks <paramref name="change"/> against the current record (a refused change records nothing, like a
    /// refused stop: only refused starts are recorded), then records the operation and applies the change by compare-and-swap.
    /// </summary>
    /// <returns>The operation, and the record it produced (null when this is a retry with a used Idempotency-Key).</returns>
    private async Task<(Operation Operation, RuntimeRecord? Record)> ApplyAsync(
        Guid gameId, OperationKind kind, OperationSource source, string? idempotencyKey,
        Func<RuntimeRecord, DateTimeOffset, RuntimeRecord> change, CancellationToken cancellationToken)
    {
        lifecycle.EnsureAccepting();
        if (await operations.FindRetriedAsync(idempotencyKey, gameId, kind, cancellationToken) is { } retried)
        {
            return (retried, null);
        }

        var current = await records.GetAsync(gameId, cancellationToken)
            ?? throw (await games.GetAsync(gameId, cancellationToken) is null
                ? OrreryException.NotFound($"Game {gameId} is not registered.")
                : OrreryException.InvalidTransition($"Game {gameId} has never been started."));
        change(current, time.GetUtcNow());

        var now = time.GetUtcNow();
        var inserted = await operations.InsertAsync(
            new Operation
            {
                Id = Guid.NewGuid(),
                GameId = gameId,
                Kind = kind,
                Source = source,
                Status = OperationStatus.Running,
                ImageRef = current.ImageRef,
                EngineId = current.EngineId,
                IdempotencyKey = idempotencyKey,
                CreatedAt = now,
                StartedAt = now,
            },
            cancellationToken);
        if (!inserted.Created)
        {
            return (inserted.Operation, null);
        }

        try
        {
            var record = await records.UpdateAsync(gameId, r => change(r, time.GetUtcNow()), cancellationToken);
            return (await journal.SucceedAsync(inserted.Operation), record);
        }
        catch (OrreryException ex)
        {
            // The game changed between the check and the write (a turn began, a stop ran): the log says so.
            await journal.FailAsync(inserted.Operation, ex.Code, ex.Message);
            throw new OrreryException(ex.Code, ex.Message, ex) { OperationId = inserted.Operation.Id };
        }
    }
}
