using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Lifecycle.Handlers;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// Accepts queued lifecycle requests (SPEC §4: start, stop, restart, patch): checks them against the game and
/// what is already queued for it, records the operation durably, then hands it to the workers.
/// </summary>
public sealed class LifecycleService(
    OperationHandlers handlers,
    IOperationStore operations,
    OperationQueue queue,
    OperationJournal journal,
    TimeProvider time,
    IOptions<LifecycleOptions> options)
{
    private volatile bool _accepting = true;

    /// <summary>False once the node has begun to stop; requests then fail with <c>shutting_down</c>.</summary>
    public bool IsAccepting => _accepting;

    public Task<Operation> StartAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(new Request(gameId, OperationKind.Start, source, idempotencyKey), cancellationToken);

    public Task<Operation> StopAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(new Request(gameId, OperationKind.Stop, source, idempotencyKey), cancellationToken);

    public Task<Operation> RestartAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(new Request(gameId, OperationKind.Restart, source, idempotencyKey), cancellationToken);

    public Task<Operation> PatchAsync(Guid gameId, string targetVersion, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(new Request(gameId, OperationKind.Patch, source, idempotencyKey, targetVersion), cancellationToken);

    /// <summary>Refuses new requests with <c>shutting_down</c>; called when the node begins to stop.</summary>
    public void StopAccepting()
    {
        _accepting = false;
        queue.Close();
    }

    /// <exception cref="OrreryException"><c>shutting_down</c> once the node has begun to stop.</exception>
    public void EnsureAccepting()
    {
        if (!_accepting)
        {
            throw new OrreryException(ErrorCodes.ShuttingDown, "The node is shutting down; retry on another node or later.");
        }
    }

    /// <summary>Accepts a queued operation of any kind (start, stop, restart, patch).</summary>
    /// <param name="targetVersion">The version a patch moves to; null for the other kinds.</param>
    public Task<Operation> RequestAsync(
        Guid gameId, OperationKind kind, OperationSource source, string? idempotencyKey, string? targetVersion, CancellationToken cancellationToken) =>
        handlers.IsQueued(kind)
            ? RequestAsync(new Request(gameId, kind, source, idempotencyKey, kind == OperationKind.Patch ? targetVersion : null), cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a queued operation.");

    private async Task<Operation> RequestAsync(Request request, CancellationToken cancellationToken)
    {
        EnsureAccepting();
        if (await operations.FindRetriedAsync(request.IdempotencyKey, request.GameId, request.Kind, cancellationToken) is { } retried)
        {
            return Answer(retried);
        }

        var (handler, admission) = await handlers.IntakeAsync(
            request.GameId, request.Kind, request.TargetVersion, queue.LastPendingKind(request.GameId), cancellationToken);
        try
        {
            await handler.AdmitAsync(admission, cancellationToken);
        }
        catch (OrreryException refusal) when (handler.RecordsRefusals)
        {
            return Answer(await journal.RecordRefusedAsync(NewOperation(request).MarkFailed(refusal.Code, refusal.Message, time.GetUtcNow())));
        }

        var inserted = await operations.InsertAsync(NewOperation(request), cancellationToken);
        if (!inserted.Created)
        {
            return Answer(inserted.Operation); // a concurrent retry with the same key won the insert
        }

        if (!queue.TryEnqueue(inserted.Operation))
        {
            var (code, message) = _accepting
                ? (ErrorCodes.QueueFull, $"The operation queue is full ({queue.Capacity}); retry in {options.Value.QueueFullRetryAfter.TotalSeconds:0} s.")
                : (ErrorCodes.ShuttingDown, "The node is shutting down; retry on another node or later.");
            await journal.FailAsync(inserted.Operation, code, message);
            throw new OrreryException(code, message) { OperationId = inserted.Operation.Id };
        }
        return inserted.Operation;
    }

    /// <summary>
    /// The answer to a request that found its operation recorded: the operation, or for a refusal the same refusal
    /// again, so a retry with the same Idempotency-Key is answered as the first call was and records nothing more.
    /// </summary>
    private static Operation Answer(Operation recorded) =>
        recorded.WasRefused
            ? throw new OrreryException(recorded.ErrorCode!, recorded.ErrorMessage ?? recorded.ErrorCode!) { OperationId = recorded.Id }
            : recorded;

    private Operation NewOperation(Request request) => new()
    {
        Id = Guid.NewGuid(),
        GameId = request.GameId,
        Kind = request.Kind,
        Source = request.Source,
        Status = OperationStatus.Queued,
        TargetVersion = request.TargetVersion,
        IdempotencyKey = request.IdempotencyKey,
        CreatedAt = time.GetUtcNow(),
    };

    private sealed record Request(Guid GameId, OperationKind Kind, OperationSource Source, string? IdempotencyKey, string? TargetVersion = null);
}
