using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle;

/// <summary>
/// Accepts queued lifecycle requests (SPEC §4: start, stop, restart, patch): checks them against the game and
/// what is already queued for it, records the operation durably, then hands it to the workers.
/// </summary>
public sealed class LifecycleService(
    IGameStore games,
    EngineVersionCatalog versions,
    IOperationStore operations,
    OperationQueue queue,
    OperationJournal journal,
    RuntimeRecords records,
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
        kind switch
        {
            OperationKind.Patch when string.IsNullOrWhiteSpace(targetVersion) => throw OrreryException.InvalidInput("A patch needs a target version."),
            OperationKind.Start or OperationKind.Stop or OperationKind.Restart or OperationKind.Patch =>
                RequestAsync(new Request(gameId, kind, source, idempotencyKey, kind == OperationKind.Patch ? targetVersion : null), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a queued operation."),
        };

    private async Task<Operation> RequestAsync(Request request, CancellationToken cancellationToken)
    {
        EnsureAccepting();
        if (await operations.FindRetriedAsync(request.IdempotencyKey, request.GameId, request.Kind, cancellationToken) is { } retried)
        {
            return retried;
        }

        await CheckAcceptableAsync(request, cancellationToken);

        var inserted = await operations.InsertAsync(
            new Operation
            {
                Id = Guid.NewGuid(),
                GameId = request.GameId,
                Kind = request.Kind,
                Source = request.Source,
                Status = OperationStatus.Queued,
                TargetVersion = request.TargetVersion,
                IdempotencyKey = request.IdempotencyKey,
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
            await journal.FailAsync(inserted.Operation, code, message);
            throw new OrreryException(code, message) { OperationId = inserted.Operation.Id };
        }
        return inserted.Operation;
    }

    /// <summary>
    /// Rejects requests that cannot succeed, judged on the status the game will have once the operations
    /// already queued for it have run.
    /// </summary>
    private async Task CheckAcceptableAsync(Request request, CancellationToken cancellationToken)
    {
        var gameId = request.GameId;
        var game = await games.GetAsync(gameId, cancellationToken)
            ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
        var pending = queue.LastPendingKind(gameId);
        if (pending == request.Kind)
        {
            throw OrreryException.Conflict($"A {WireNames<OperationKind>.Name(request.Kind)} of game {gameId} is already queued or running.");
        }

        var record = await records.GetAsync(gameId, cancellationToken);
        var projected = pending switch
        {
            OperationKind.Start => RuntimeStatus.Starting,
            OperationKind.Stop => RuntimeStatus.Stopped,
            OperationKind.Restart or OperationKind.Patch => RuntimeStatus.Running,
            _ => record?.Status,
        };

        switch (request.Kind)
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
            case OperationKind.Restart or OperationKind.Patch:
                var projectedRecord = record is null ? null : record with { Status = projected!.Value };
                Relaunch.EnsureAllowed(gameId, projectedRecord, WireNames<OperationKind>.Name(request.Kind));
                if (request.Kind == OperationKind.Patch)
                {
                    PatchPolicy.EnsureAllowed(projectedRecord.EngineVersion!, request.TargetVersion!);
                    await versions.ResolveRunnableAsync(request.TargetVersion!, cancellationToken);
                }
                break;
        }
    }

    private sealed record Request(Guid GameId, OperationKind Kind, OperationSource Source, string? IdempotencyKey, string? TargetVersion = null);
}
