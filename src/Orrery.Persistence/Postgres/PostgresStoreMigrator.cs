using System.Data;
using Dapper;
using Npgsql;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>
/// Applies the migrations not yet recorded in <c>schema_migrations</c>, in version order, all in one
/// transaction with their history rows, so a failed script leaves the schema as it was.
/// </summary>
/// <remarks>
/// Replicas of a node that start together all call this. The transaction first takes a transaction-level
/// advisory lock, so they run it one after another: the first applies the migrations, the others wait, then
/// find them recorded and apply nothing. The lock goes with the transaction, whatever ends it. Retried as a
/// whole on a transient failure: the repeat re-reads the history under the lock. A history that records a
/// version this binary does not ship is refused (<see cref="SchemaTooNewException"/>) before anything is applied.
/// </remarks>
internal sealed class PostgresStoreMigrator(PostgresDatabase database, TimeProvider time) : IStoreMigrator
{
    /// <summary>The advisory lock key of schema migrations: "Orrery" in ASCII, then 1.</summary>
    internal const long LockKey = 0x4F72_7265_7279_0001;

    private const string LockSql = "SELECT pg_advisory_xact_lock(@LockKey)";

    private const string CreateHistorySql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    public Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        database.RetryingInTransactionAsync<IReadOnlyList<int>>(IsolationLevel.ReadCommitted, async (connection, transaction, token) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(LockSql, new { LockKey }, transaction, cancellationToken: token));
            await connection.ExecuteAsync(new CommandDefinition(CreateHistorySql, transaction: transaction, cancellationToken: token));
            var recorded = (await connection.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM schema_migrations", transaction: transaction, cancellationToken: token))).ToHashSet();
            SchemaMigration.ThrowIfNewer(recorded, SchemaMigration.Postgres);

            var applied = new List<int>();
            foreach (var migration in SchemaMigration.Postgres.Where(m => !recorded.Contains(m.Version)))
            {
                await ApplyAsync(connection, transaction, migration, token);
                applied.Add(migration.Version);
            }
            return applied;
        }, cancellationToken);

    private async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaMigration migration, CancellationToken cancellationToken)
    {
        // A script is plain SQL without parameters: Npgsql sends it as is, several statements in one round trip.
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(cancellationToken);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
    }
}
