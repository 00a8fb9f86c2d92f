using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle;

/// <summary>
/// Accepts lifecycle requests (SPEC §4): checks them against the game and what is already queued for it,
/// records the operation durably, then hands it to the workers. Returns the queued operation.
/// </summary>
public sealed class LifecycleService(
    IGameStore games,
    EngineVersionCatalog versions,
    IOperationStore operations,
    OperationQueue queue,
    RuntimeRecords records,
    TimeProvider time,
    IOptions<LifecycleOptions> options)
{
    private volatile bool _accepting = true;

    public Task<Operation> StartAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(gameId, OperationKind.Start, source, idempotencyKey, cancellationToken);

    public Task<Operation> StopAsync(Guid gameId, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken) =>
        RequestAsync(gameId, OperationKind.Stop, source, idempotencyKey, cancellationToken);

    /// <summary>Refuses new requests with <c>shutting_down</c>; called when the node begins to stop.</summary>
    public void StopAccepting()
    {
        _accepting = false;
        queue.Close();
    }

    private async Task<Operation> RequestAsync(
        Guid gameId, OperationKind kind, OperationSource source, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!_accepting)
        {
            throw new OrreryException(ErrorCodes.ShuttingDown, "The node is shutting down; retry on another node or later.");
        }

        // A retry returns the first call's operation even if the game has moved on since.
        if (idempotencyKey is not null && await FindRetriedAsync(idempotencyKey, gameId, kind, cancellationToken) is { } retried)
        {
            return retried;
        }

        await CheckAcceptableAsync(gameId, kind, cancellationToken);

        var inserted = await operations.InsertAsync(
            new Operation
            {
                Id = Guid.NewGuid(),
                GameId = gameId,
                Kind = kind,
                Source = source,
                Status = OperationStatus.Queued,
                IdempotencyKey = idempotencyKey,
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken);
        if (!inserted.Created)
        {
            return inserted.Operation; // a concurrent retry with the same key won the insert
        }

        if (!queue.TryEnqueue(inserted.Operation))
        {
            var (code, message) = _accepting
                ? (ErrorCodes.QueueFull, $"The operation queue is full ({queue.Capacity}); retry in {options.Value.QueueFullRetryAfter.TotalSeconds:0} s.")
                : (ErrorCodes.ShuttingDown, "The node is shutting down; retry on another node or later.");
            await operations.UpdateAsync(inserted.Operation.MarkFailed(code, message, time.GetUtcNow()), CancellationToken.None);
            throw new OrreryException(code, message) { OperationId = inserted.Operation.Id };
        }
        return inserted.Operation;
    }

    private async Task<Operation?> FindRetriedAsync(string idempotencyKey, Guid gameId, OperationKind kind, CancellationToken cancellationToken)
    {
        var first = await operations.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);
        if (first is not null && (first.GameId != gameId || first.Kind != kind))
        {
            throw OrreryException.Conflict("This Idempotency-Key was already used for a different request.");
        }
        return first;
    }

    /// <summary>
    /// Rejects requests that cannot succeed, judged on the status the game will have once the operations
    /// already queued for it have run.
    /// </summary>
    private async Task CheckAcceptableAsync(Guid gameId, OperationKind kind, CancellationToken cancellationToken)
    {
        var game = await games.GetAsync(gameId, cancellationToken)
            ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
        var pending = queue.LastPendingKind(gameId);
        if (pending == kind)
        {
            throw OrreryException.Conflict($"A {WireNames<OperationKind>.Name(kind)} of game {gameId} is already queued or running.");
        }

        var record = await records.GetAsync(gameId, cancellationToken);
        var projected = pending switch
        {
            OperationKind.Start => RuntimeStatus.Starting,
            OperationKind.Stop => RuntimeStatus.Stopped,
            _ => record?.Status,
        };

        switch (kind)
        {
            case OperationKind.Start:
                if (!RuntimeTransitions.CanLaunch(projected))
                {
                    throw OrreryException.InvalidTransition($"Game {gameId} is {WireNames<RuntimeStatus>.Name(projected!.Value)}; stop it before starting it again.");
                }
                if (game.Memberships.Count == 0)
                {
                    throw OrreryException.InvalidInput($"Game {gameId} has no memberships.");
                }
                await versions.ResolveRunnableAsync(game.TargetEngineVersion, cancellationToken);
                break;
            case OperationKind.Stop:
                if (projected is not { } status)
                {
                    throw OrreryException.InvalidTransition($"Game {gameId} has never been started.");
                }
                if (!RuntimeTransitions.IsAllowed(status, RuntimeStatus.Stopped))
                {
                    throw OrreryException.InvalidTransition($"Game {gameId} is already {WireNames<RuntimeStatus>.Name(status)}.");
                }
                break;
        }
    }
}
