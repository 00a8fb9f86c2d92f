using Orrery.Operations;

namespace Orrery.Storage;

/// <summary>The durable operation log.</summary>
public interface IOperationStore
{
    /// <summary>
    /// Records a new operation. When its idempotency key was used before, nothing is written and the
    /// first operation with that key is returned with <c>Created = false</c>.
    /// </summary>
    Task<OperationInsert> InsertAsync(Operation operation, CancellationToken cancellationToken);

    /// <summary>Writes the operation's status, timestamps, error and engine fields.</summary>
    Task UpdateAsync(Operation operation, CancellationToken cancellationToken);

    Task<Operation?> GetAsync(Guid operationId, CancellationToken cancellationToken);

    /// <summary>The operation first recorded with this idempotency key, if any.</summary>
    Task<Operation?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Operations of a game, newest first.</summary>
    Task<Page<Operation>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Operations still queued or running, oldest first (crash recovery re-reads these).</summary>
    Task<IReadOnlyList<Operation>> ListUnfinishedAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IOperationStore.InsertAsync"/>.</summary>
public readonly record struct OperationInsert(Operation Operation, bool Created);
