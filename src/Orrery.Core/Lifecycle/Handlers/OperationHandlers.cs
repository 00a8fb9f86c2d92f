using System.Collections.Frozen;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// The queued operations by kind, and the two points that judge them with the same rule: intake (the request) and
/// the worker (the run).
/// </summary>
public sealed class OperationHandlers(IEnumerable<IOperationHandler> handlers, IGameStore games, RuntimeRecords records)
{
    private readonly FrozenDictionary<OperationKind, IOperationHandler> _byKind = handlers.ToFrozenDictionary(h => h.Kind);

    /// <summary>Whether <paramref name="kind"/> is a queued operation (start, stop, restart, patch).</summary>
    public bool IsQueued(OperationKind kind) => _byKind.ContainsKey(kind);

    /// <summary>Whether an interrupted operation of <paramref name="kind"/> may run again after a crash.</summary>
    public bool IsSafeToRunAgain(OperationKind kind) => _byKind.GetValueOrDefault(kind)?.SafeToRunAgain ?? false;

    /// <summary>
    /// What a request is judged on, and by which handler: the status the game will have once the operations queued
    /// for it have run (the last of them is <paramref name="pending"/>; null when none is).
    /// </summary>
    /// <exception cref="OrreryException">
    /// <c>not_found</c> for an unknown game; <c>conflict</c> when an operation of the same kind is the last queued.
    /// </exception>
    public async Task<(IOperationHandler Handler, AdmissionRequest Request)> IntakeAsync(
        Guid gameId, OperationKind kind, string? targetVersion, OperationKind? pending, CancellationToken cancellationToken)
    {
        var game = await GameAsync(gameId, cancellationToken);
        if (pending == kind)
        {
            throw OrreryException.Conflict($"A {WireNames<OperationKind>.Name(kind)} of game {gameId} is already queued or running.");
        }
        var record = await records.GetAsync(gameId, cancellationToken);
        var status = pending is { } queued ? HandlerOf(queued).ProjectedStatus : record?.Status;
        return (HandlerOf(kind), new AdmissionRequest(game, status, record, targetVersion, AdmissionPoint.Intake));
    }

    /// <summary>Judges an operation a worker is about to run on the game as it is stored now, then runs it.</summary>
    /// <exception cref="OrreryException">The operation was refused or failed, with a specific error code.</exception>
    public async Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var handler = HandlerOf(operation.Kind);
        var game = await GameAsync(operation.GameId, cancellationToken);
        var current = await records.GetFreshAsync(operation.GameId, cancellationToken);
        var version = await handler.AdmitAsync(
            new AdmissionRequest(game, current?.Status, current, operation.TargetVersion, AdmissionPoint.Worker), cancellationToken);
        return await handler.RunAsync(operation, new Admitted(game, current, version), cancellationToken);
    }

    private IOperationHandler HandlerOf(OperationKind kind) =>
        _byKind.GetValueOrDefault(kind)
        ?? throw OrreryException.InvalidInput($"Operation {WireNames<OperationKind>.Name(kind)} is not a queued operation.");

    private async Task<Game> GameAsync(Guid gameId, CancellationToken cancellationToken) =>
        await games.GetAsync(gameId, cancellationToken) ?? throw OrreryException.NotFound($"Game {gameId} is not registered.");
}
