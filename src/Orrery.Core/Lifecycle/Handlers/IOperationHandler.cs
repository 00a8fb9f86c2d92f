using Orrery.Operations;

namespace Orrery.Lifecycle.Handlers;

/// <summary>Performs one kind of queued operation on a worker (SPEC §4).</summary>
public interface IOperationHandler
{
    OperationKind Kind { get; }

    /// <exception cref="Errors.OrreryException">The operation failed with a specific error code.</exception>
    Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken);
}
