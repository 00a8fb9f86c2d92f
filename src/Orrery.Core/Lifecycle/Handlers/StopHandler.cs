using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Stop (SPEC §4): no more turns, the engine stopped and removed, <c>stopped</c>, player mappings deleted.
/// Idempotent: a stop re-run after a crash that finds the game already <c>stopped</c> finishes the clean-up.
/// </summary>
public sealed class StopHandler(RuntimeRecords records, IPlayerMappingStore playerMappings, EngineStopper stopper) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Stop;

    public async Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var gameId = operation.GameId;
        var current = await records.GetFreshAsync(gameId, cancellationToken)
            ?? throw OrreryException.InvalidTransition($"Game {gameId} has never been started.");
        if (current.Status != RuntimeStatus.Stopped && !RuntimeTransitions.IsAllowed(current.Status, RuntimeStatus.Stopped))
        {
            throw OrreryException.InvalidTransition($"Game {gameId} is already {WireNames<RuntimeStatus>.Name(current.Status)}.");
        }

        await stopper.TakeDownAsync(gameId, leaveClock: true, cancellationToken);
        await playerMappings.DeleteAsync(gameId, cancellationToken);
        return new OperationOutcome(current.ImageRef, current.EngineId);
    }
}
