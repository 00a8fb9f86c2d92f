using Dapper;
using Microsoft.Data.Sqlite;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// Applies the embedded migrations not yet recorded in <c>schema_migrations</c>, in version order, each in
/// its own transaction with its history row, so a failed script leaves no half-applied schema behind. A history
/// that records a version this binary does not ship is refused (<see cref="SchemaTooNewException"/>) before
/// anything is applied.
/// </summary>
internal sealed class SqliteStoreMigrator(SqliteDatabase database, TimeProvider time) : IStoreMigrator
{
    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            applied_at INTEGER NOT NULL
        )
        """;

    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        database.WriteAsync<IReadOnlyList<int>>(async connection =>
        {
            await connection.ExecuteAsync(new CommandDefinition(CreateHistorySql, cancellationToken: cancellationToken));
            var recorded = await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken));
            SchemaMigration.ThrowIfNewer(recorded, SchemaMigration.Sqlite);
            var applied = new List<int>();
            foreach (var migration in SchemaMigration.Sqlite)
            {
                if (await TryApplyAsync(connection, migration, cancellationToken))
                {
                    applied.Add(migration.Version);
                }
            }
            return applied;
        }, cancellationToken);

    private async Task<bool> TryApplyAsync(SqliteConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE, then check: another process migrating the same file at the same time waits for the
        // write lock, then sees the version recorded and skips it.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var recorded = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction,
            cancellationToken: cancellationToken));
        if (recorded > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (@Version, @AppliedAt)",
            new { migration.Version, AppliedAt = SqliteValues.Millis(time.GetUtcNow()) }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
