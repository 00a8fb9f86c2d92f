using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// One kind of queued operation (SPEC §4): its admission rule and its run, in one place. The rule is judged when the
/// operation is requested (<see cref="LifecycleService"/>) and again when a worker runs it (<see cref="OperationRunner"/>),
/// so both answer alike; adding a kind is this type, its <see cref="OperationKind"/>, its registration in
/// <c>AddLifecycle</c> and its route.
/// </summary>
public interface IOperationHandler
{
    OperationKind Kind { get; }

    /// <summary>The status the game is judged in by later requests while this operation waits to run.</summary>
    RuntimeStatus ProjectedStatus { get; }

    /// <summary>
    /// Whether an interrupted run may simply run again after a crash: true when the operation converges on its end
    /// state from wherever it stopped; false when running it again from an unknown point could lose the game's place.
    /// </summary>
    bool SafeToRunAgain { get; }

    /// <summary>
    /// Whether a request <see cref="AdmitAsync"/> refuses is also recorded: a failed operation with the refusal's code
    /// and a <c>runtime_job_result</c> for the lobby, besides the 4xx answer.
    /// </summary>
    bool RecordsRefusals { get; }

    /// <summary>Refuses an operation that cannot succeed on the game as <paramref name="request"/> describes it; changes nothing.</summary>
    /// <returns>The engine version the operation will run; null when it runs none.</returns>
    /// <exception cref="Errors.OrreryException">The operation is refused, with a specific error code.</exception>
    ValueTask<EngineVersion?> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);

    /// <summary>Performs an operation <see cref="AdmitAsync"/> admitted at the worker.</summary>
    /// <exception cref="Errors.OrreryException">The operation failed with a specific error code.</exception>
    Task<OperationOutcome> RunAsync(Operation operation, Admitted admitted, CancellationToken cancellationToken);
}
