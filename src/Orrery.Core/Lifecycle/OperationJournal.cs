using System.Collections.Concurrent;
using System.Diagnostics;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Lifecycle;

/// <summary>
/// Records how operations end (SPEC §4): the operation row, the outcome metric, and for every failure a
/// <c>runtime_job_result</c> lobby event; every change also goes to the dashboard's live feed. Callers may wait
/// for an operation to end.
/// </summary>
public sealed class OperationJournal(IOperationStore operations, LobbyEventPublisher lobby, OperationEventPublisher feed, OrreryMetrics metrics, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<Operation>> _waiters = new();

    /// <summary>Records <paramref name="operation"/> as running.</summary>
    public async Task<Operation> BeginAsync(Operation operation, CancellationToken cancellationToken)
    {
        var running = operation.MarkRunning(time.GetUtcNow());
        await operations.UpdateAsync(running, cancellationToken);
        await feed.ChangedAsync(running, cancellationToken);
        return running;
    }

    public Task<Operation> SucceedAsync(Operation operation) => EndAsync(operation.MarkSucceeded(time.GetUtcNow()));

    public Task<Operation> FailAsync(Operation operation, string errorCode, string message) =>
        EndAsync(operation.MarkFailed(errorCode, message, time.GetUtcNow()));

    /// <summary>
    /// Records work the node did on its own (a reconcile pass took an engine down or marked a game removed) as an operation
    /// of source <c>system</c> that has already succeeded: a row of the game's operation log, counted, and on the
    /// dashboard's live feed, so the audit log tells who changed the game.
    /// </summary>
    public async Task<Operation> RecordSystemWorkAsync(Guid gameId, OperationKind kind, string? engineId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var done = new Operation
        {
            Id = Guid.NewGuid(),
            GameId = gameId,
            Kind = kind,
            Source = OperationSource.System,
            Status = OperationStatus.Succeeded,
            EngineId = engineId,
            CreatedAt = now,
            StartedAt = now,
            FinishedAt = now,
        };
        await operations.InsertAsync(done, cancellationToken);
        Count(done);
        await feed.ChangedAsync(done, cancellationToken);
        return done;
    }

    /// <summary>The operation once it has ended.</summary>
    /// <exception cref="OrreryException"><c>not_found</c> for an unknown operation.</exception>
    public async Task<Operation> WaitUntilEndedAsync(Guid operationId, CancellationToken cancellationToken)
    {
        // Registered before the read: an operation ending in between is then either read as ended or signalled.
        var waiter = _waiters.GetOrAdd(operationId, _ => new TaskCompletionSource<Operation>(TaskCreationOptions.RunContinuationsAsynchronously));
        var stored = await operations.GetAsync(operationId, cancellationToken)
            ?? throw OrreryException.NotFound($"Operation {operationId} does not exist.");
        if (stored.IsFinished)
        {
            _waiters.TryRemove(operationId, out _);
            return stored;
        }
        return await waiter.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Records a request refused before it was queued as a failed operation (SPEC §4: a refused start is visible in the
    /// operation log and to the lobby). A retry whose Idempotency-Key a concurrent retry recorded first writes nothing.
    /// </summary>
    /// <returns>The recorded operation: <paramref name="refused"/>, or the one its key was recorded with.</returns>
    public async Task<Operation> RecordRefusedAsync(Operation refused)
    {
        var inserted = await operations.InsertAsync(refused, CancellationToken.None);
        return inserted.Created ? await PublishEndedAsync(inserted.Operation) : inserted.Operation;
    }

    /// <summary>The outcome is written even if shutdown begins now: an operation must not stay unfinished.</summary>
    private async Task<Operation> EndAsync(Operation ended)
    {
        await operations.UpdateAsync(ended, CancellationToken.None);
        return await PublishEndedAsync(ended);
    }

    private async Task<Operation> PublishEndedAsync(Operation ended)
    {
        Count(ended);
        if (ended.Status == OperationStatus.Failed)
        {
            await lobby.JobResultAsync(ended, CancellationToken.None);
        }
        await feed.ChangedAsync(ended, CancellationToken.None);
        if (_waiters.TryRemove(ended.Id, out var waiter))
        {
            waiter.TrySetResult(ended);
        }
        return ended;
    }

    private void Count(Operation ended) => metrics.OperationsCompleted.Add(1, new TagList
    {
        { "op", WireNames<OperationKind>.Name(ended.Kind) },
        { "outcome", ended.ErrorCode ?? "succeeded" },
    });
}
