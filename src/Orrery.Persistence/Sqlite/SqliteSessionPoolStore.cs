using Dapper;
using Orrery.Sessions;

namespace Orrery.Persistence.Sqlite;

/// <summary>Session pools' state and sessions' backups (<c>live_pools</c>, <c>live_session_backups</c>) in the embedded store.</summary>
/// <remarks>Not fenced: rows belong to the process that runs the pool, and a backup only ever informs a restart.</remarks>
internal sealed class SqliteSessionPoolStore(SqliteDatabase database) : ISessionPoolStore
{
    public Task SavePoolAsync(SessionPoolState pool, CancellationToken cancellationToken) =>
        database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.PoolUpsert, LivePoolRow.From(pool), cancellationToken: cancellationToken)), cancellationToken);

    public Task<SessionPoolState?> GetPoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<LivePoolRow>(new CommandDefinition(
            SessionPoolSql.PoolGet, new { NodeId = nodeId, PoolId = poolId }, cancellationToken: cancellationToken)))?.ToState(), cancellationToken);

    public Task<IReadOnlyList<SessionPoolState>> ListPoolsAsync(string nodeId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<SessionPoolState>>(async connection => [.. (await connection.QueryAsync<LivePoolRow>(new CommandDefinition(
            SessionPoolSql.PoolList, new { NodeId = nodeId }, cancellationToken: cancellationToken))).Select(r => r.ToState())], cancellationToken);

    public async Task<bool> DeletePoolAsync(string nodeId, string poolId, CancellationToken cancellationToken) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.PoolDelete, new { NodeId = nodeId, PoolId = poolId }, cancellationToken: cancellationToken)), cancellationToken) > 0;

    public Task SaveBackupsAsync(IReadOnlyList<SessionBackup> backups, CancellationToken cancellationToken) =>
        backups.Count == 0
            ? Task.CompletedTask
            : database.WriteInTransactionAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                SessionPoolSql.BackupUpsert, backups.Select(LiveSessionBackupRow.From), transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task<SessionBackup?> GetBackupAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<LiveSessionBackupRow>(new CommandDefinition(
            SessionPoolSql.BackupGet, new { GameId = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken)))?.ToBackup(), cancellationToken);

    public async Task<bool> DeleteBackupAsync(Guid gameId, CancellationToken cancellationToken) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            SessionPoolSql.BackupDelete, new { GameId = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken)), cancellationToken) > 0;
}
