using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Engine state snapshots, one per observation.</summary>
public interface IHealthSnapshotStore
{
    Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts several snapshots (of different games, or of one game in order) in one transaction. A snapshot whose
    /// game is not registered (deleted meanwhile) is left out, and one whose id is already stored is not written
    /// again: a batch repeated after a failure writes each snapshot once.
    /// </summary>
    Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back snapshots written ahead of a runtime-record write that was then refused (the observation turned out
    /// stale), so the history never holds a turn the record did not take. Ids not stored are ignored.
    /// </summary>
    Task DeleteManyAsync(IReadOnlyList<Guid> snapshotIds, CancellationToken cancellationToken);

    /// <summary>Snapshots of a game, newest first.</summary>
    Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken);
}
