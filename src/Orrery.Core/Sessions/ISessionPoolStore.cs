namespace Orrery.Sessions;

/// <summary>
/// Where pools keep their state (SPEC §8): each pool's games, written on every change, read back when the pool is
/// restarted after a crash, deleted when it stops on purpose; and each session's periodic backup.
/// </summary>
/// <remarks>Rows are keyed by the node's id: a pool is local to the process that runs it.</remarks>
public interface ISessionPoolStore
{
    /// <summary>Inserts or replaces the pool's row.</summary>
    Task SavePoolAsync(SessionPoolState pool, CancellationToken cancellationToken);

    /// <summary>The pool's row; null when it has none (never saved, or deleted).</summary>
    Task<SessionPoolState?> GetPoolAsync(string nodeId, string poolId, CancellationToken cancellationToken);

    /// <summary>Every pool row of the node, by pool id.</summary>
    Task<IReadOnlyList<SessionPoolState>> ListPoolsAsync(string nodeId, CancellationToken cancellationToken);

    /// <summary>Deletes the pool's row; false when there was none.</summary>
    Task<bool> DeletePoolAsync(string nodeId, string poolId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the backups, each keyed by its game, in one transaction.</summary>
    Task SaveBackupsAsync(IReadOnlyList<SessionBackup> backups, CancellationToken cancellationToken);

    /// <summary>The game's last backup, from whichever node wrote it; null when it has none.</summary>
    Task<SessionBackup?> GetBackupAsync(Guid gameId, CancellationToken cancellationToken);

    /// <summary>Deletes the game's backup; false when there was none.</summary>
    Task<bool> DeleteBackupAsync(Guid gameId, CancellationToken cancellationToken);
}

/// <summary>A pool's persisted state: the games whose sessions it holds.</summary>
public sealed record SessionPoolState(string NodeId, string PoolId, IReadOnlyList<Guid> Games, DateTimeOffset UpdatedAt);

/// <summary>
/// What a session keeps across a restart of its pool: its last incarnation and sequence number (for the logs) and
/// since when it has had no connection, so a crash does not give an idle session a new grace period.
/// </summary>
/// <param name="IdleSince">When its last connection closed; null while it had connections.</param>
public sealed record SessionBackup(
    Guid GameId, string NodeId, string PoolId, string SessionId, long Seq, int Turn, int Connections, DateTimeOffset? IdleSince, DateTimeOffset BackedUpAt);
