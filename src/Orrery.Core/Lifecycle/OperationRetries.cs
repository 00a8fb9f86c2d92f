using Orrery.Errors;
using Orrery.Operations;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>The <c>Idempotency-Key</c> rule shared by every lifecycle call (SPEC §4).</summary>
internal static class OperationRetries
{
    /// <summary>
    /// The operation first recorded with <paramref name="idempotencyKey"/>, returned to a retry even if the game
    /// has moved on since; null when the key is new or absent.
    /// </summary>
    /// <exception cref="OrreryException"><c>conflict</c> when the key was used for another game or operation.</exception>
    public static async Task<Operation?> FindRetriedAsync(
        this IOperationStore operations, string? idempotencyKey, Guid gameId, OperationKind kind, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
        {
            return null;
        }
        var first = await operations.FindByIdempotencyKeyAsync(idempotencyKey, cancellationToken);
        if (first is not null && (first.GameId != gameId || first.Kind != kind))
        {
            throw OrreryException.Conflict("This Idempotency-Key was already used for a different request.");
        }
        return first;
    }
}
