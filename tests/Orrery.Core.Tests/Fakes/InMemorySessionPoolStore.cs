using System.Collections.Concurrent;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Fakes;

/// <summary>A pool store in memory whose calls can be made to fail, for the rollback tests (the real ones have a contract suite).</summary>
internal sealed class InMemorySessionPoolStore : ISessionPoolStore
{
    private readonly ConcurrentDictionary<(string, string), SessionPoolState> _pools = new();
    private readonly ConcurrentDictionary<Guid, SessionBackup> _backups = new();

    /// <summary>Saving a pool row that lists this game fails.</summary>
    public Guid? FailPoolSaveWith { get; set; }

    /// <summary>Saving a backup of this game fails.</summary>
    public Guid? FailBackupSaveOf { get; set; }

    public IReadOnlyList<SessionPoolState> Pools => [.. _pools.Values.OrderBy(p => p.PoolId, StringComparer.Ordinal)];

    public IReadOnlyCollection<Guid> BackedUp => [.. _backups.Keys];

    public Task SavePoolAsync(SessionPoolState pool, CancellationToken cancellationToken)
    {
        if (FailPoolSaveWith is { } failing && pool.Games.Contains(failing))
        {
            throw new IOException("pool row not written (test)");
        }
        _pools[(pool.NodeId, pool.PoolId)] = pool;
        return Task.CompletedTask;
    }

    public Task<SessionPoolState?> GetPoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        Task.FromResult(_pools.GetValueOrDefault((nodeId, poolId)));

    public Task<IReadOnlyList<SessionPoolState>> ListPoolsAsync(string nodeId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionPoolState>>([.. Pools.Where(p => p.NodeId == nodeId)]);

    public Task<bool> DeletePoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        Task.FromResult(_pools.TryRemove((nodeId, poolId), out _));

    public Task SaveBackupsAsync(IReadOnlyList<SessionBackup> backups, CancellationToken cancellationToken)
    {
        if (FailBackupSaveOf is { } failing && backups.Any(b => b.GameId == failing))
        {
            throw new IOException("backup not written (test)");
        }
        foreach (var backup in backups)
        {
            _backups[backup.GameId] = backup;
        }
        return Task.CompletedTask;
    }

    public Task<SessionBackup?> GetBackupAsync(Guid gameId, CancellationToken cancellationToken) => Task.FromResult(_backups.GetValueOrDefault(gameId));

    public Task<bool> DeleteBackupAsync(Guid gameId, CancellationToken cancellationToken) => Task.FromResult(_backups.TryRemove(gameId, out _));
}
