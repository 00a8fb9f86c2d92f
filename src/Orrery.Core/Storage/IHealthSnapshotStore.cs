using Orrery.Runtime;

namespace Orrery.Storage;

/// <summary>Engine state snapshots, one per observation.</summary>
public interface IHealthSnapshotStore
{
    Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Snapshots of a game, newest first.</summary>
    Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken);
}
