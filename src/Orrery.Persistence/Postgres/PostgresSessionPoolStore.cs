using System.Data;
using Dapper;
using Orrery.Sessions;

namespace Orrery.Persistence.Postgres;

/// <summary>Session pools' state and sessions' backups (<c>live_pools</c>, <c>live_session_backups</c>) on PostgreSQL.</summary>
/// <remarks>
/// Not fenced: rows belong to the process that runs the pool, and a backup only ever informs a restart. Every
/// statement is an upsert or a delete by key, so a repeat after a lost reply leaves the same rows: all are retried.
/// </remarks>
internal sealed class PostgresSessionPoolStore(PostgresDatabase database) : ISessionPoolStore
{
    public Task SavePoolAsync(SessionPoolState pool, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.PoolUpsert, LivePoolRow.From(pool), cancellationToken: token)), cancellationToken);

    public Task<SessionPoolState?> GetPoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        database.RetryingAsync(async (connection, token) => (await connection.QuerySingleOrDefaultAsync<LivePoolRow>(new CommandDefinition(
            SessionPoolSql.PoolGet, new { NodeId = nodeId, PoolId = poolId }, cancellationToken: token)))?.ToState(), cancellationToken);

    public Task<IReadOnlyList<SessionPoolState>> ListPoolsAsync(string nodeId, CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<SessionPoolState>>(async (connection, token) => [.. (await connection.QueryAsync<LivePoolRow>(new CommandDefinition(
            SessionPoolSql.PoolList, new { NodeId = nodeId }, cancellationToken: token))).Select(r => r.ToState())], cancellationToken);

    /// <remarks>A repeat after a lost reply finds nothing to delete and answers false for what the first attempt deleted.</remarks>
    public async Task<bool> DeletePoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        await database.RetryingAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.PoolDelete, new { NodeId = nodeId, PoolId = poolId }, cancellationToken: token)), cancellationToken) > 0;

    public Task SaveBackupsAsync(IReadOnlyList<SessionBackup> backups, CancellationToken cancellationToken) =>
        backups.Count == 0
            ? Task.CompletedTask
            : database.RetryingInTransactionAsync(IsolationLevel.ReadCommitted, (connection, transaction, token) => connection.ExecuteAsync(new CommandDefinition(
                SessionPoolSql.BackupUpsert, backups.Select(LiveSessionBackupRow.From), transaction, cancellationToken: token)), cancellationToken);

    public Task<SessionBackup?> GetBackupAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.RetryingAsync(async (connection, token) => (await connection.QuerySingleOrDefaultAsync<LiveSessionBackupRow>(new CommandDefinition(
            SessionPoolSql.BackupGet, new { GameId = gameId }, cancellationToken: token)))?.ToBackup(), cancellationToken);

    public async Task<bool> DeleteBackupAsync(Guid gameId, CancellationToken cancellationToken) =>
        await database.RetryingAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.BackupDelete, new { GameId = gameId }, cancellationToken: token)), cancellationToken) > 0;
}
