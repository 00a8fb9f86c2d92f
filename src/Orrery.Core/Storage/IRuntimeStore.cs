using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Runtime records. Every write is a compare-and-swap on the record version.</summary>
public interface IRuntimeStore
{
    Task<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>Every runtime record (the reconciler and the scheduler start from this).</summary>
    Task<IReadOnlyList<RuntimeRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the first record of a game with version 1. Returns the stored record, or null if the game
    /// already has one (or the game itself is unknown).
    /// </summary>
    Task<RuntimeRecord?> TryInsertAsync(RuntimeRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="record"/> if the stored version still equals <c>record.Version</c>, and
    /// returns it with the version incremented; returns null if another write came first or the record is gone.
    /// </summary>
    Task<RuntimeRecord?> TryUpdateAsync(RuntimeRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="TryUpdateAsync"/> for several records of different games in one transaction (the health
    /// consumer's batches). Each CAS stands alone: the result holds, in order, the stored record or null for a
    /// write that lost its race. Adapters without a batch path fall back to one write at a time.
    /// </summary>
    async Task<IReadOnlyList<RuntimeRecord?>> TryUpdateManyAsync(IReadOnlyList<RuntimeRecord> records, CancellationToken cancellationToken)
    {
        var saved = new RuntimeRecord?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            saved[i] = await TryUpdateAsync(records[i], cancellationToken);
        }
        return saved;
    }
}
