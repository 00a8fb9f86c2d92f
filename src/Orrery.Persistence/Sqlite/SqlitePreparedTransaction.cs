using Microsoft.Data.Sqlite;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// One write transaction whose statements are the writer's compiled ones (see
/// <see cref="SqliteDatabase.WritePreparedAsync{T}"/>): a hot path of several statements pays no compilation.
/// </summary>
internal sealed class SqlitePreparedTransaction(SqliteCompiledStatements statements, SqliteTransaction transaction)
{
    /// <returns>The number of rows changed.</returns>
    public Task<int> ExecuteAsync<TRow>(SqlitePreparedStatement<TRow> statement, TRow row, CancellationToken cancellationToken) =>
        statements.Bind(statement, row, transaction).ExecuteNonQueryAsync(cancellationToken);

    /// <returns>The first column of the first row the statement returns.</returns>
    public Task<object?> ScalarAsync<TRow>(SqlitePreparedStatement<TRow> statement, TRow row, CancellationToken cancellationToken) =>
        statements.Bind(statement, row, transaction).ExecuteScalarAsync(cancellationToken);

    /// <summary>Runs a statement that returns rows (a SELECT, or a write with RETURNING); the caller disposes the reader before the next statement.</summary>
    public Task<SqliteDataReader> QueryAsync<TRow>(SqlitePreparedStatement<TRow> statement, TRow row, CancellationToken cancellationToken) =>
        statements.Bind(statement, row, transaction).ExecuteReaderAsync(cancellationToken);
}
