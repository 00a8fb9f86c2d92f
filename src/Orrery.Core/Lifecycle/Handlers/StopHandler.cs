using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Stop (SPEC §4): no more turns, the engine stopped and removed, <c>stopped</c>, player mappings deleted.
/// Idempotent: a stop re-run after a crash that finds the game already <c>stopped</c> finishes the clean-up.
/// </summary>
public sealed class StopHandler(IPlayerMappingStore playerMappings, EngineStopper stopper) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Stop;

    public RuntimeStatus ProjectedStatus => RuntimeStatus.Stopped;

    public bool RecordsRefusals => false;

    public bool SafeToRunAgain => true;

    /// <summary>From any status the table lets stop; a worker finding the game stopped finishes the clean-up.</summary>
    public ValueTask<EngineVersion?> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var gameId = request.Game.Id;
        if (request.Status is not { } status)
        {
            throw OrreryException.InvalidTransition($"Game {gameId} has never been started.");
        }
        var underWay = request.Point == AdmissionPoint.Worker && status == RuntimeStatus.Stopped;
        if (!underWay && !RuntimeTransitions.IsAllowed(status, RuntimeStatus.Stopped))
        {
            throw OrreryException.InvalidTransition($"Game {gameId} is already {WireNames<RuntimeStatus>.Name(status)}.");
        }
        return ValueTask.FromResult<EngineVersion?>(null);
    }

    public async Task<OperationOutcome> RunAsync(Operation operation, Admitted admitted, CancellationToken cancellationToken)
    {
        await stopper.TakeDownAsync(operation.GameId, leaveClock: true, cancellationToken);
        await playerMappings.DeleteAsync(operation.GameId, cancellationToken);
        return new OperationOutcome(admitted.Current?.ImageRef, admitted.Current?.EngineId);
    }
}
