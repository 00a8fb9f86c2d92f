using System.Data;
using Dapper;
using Npgsql;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Reads one page of a listing and its total in one REPEATABLE READ transaction, so the two see the same rows.</summary>
internal static class PostgresPages
{
    /// <param name="listSql">Selects the page; binds <c>@Size</c> and <c>@Offset</c> from <paramref name="parameters"/>.</param>
    /// <param name="countSql">Counts every row of the listing.</param>
    public static Task<Page<T>> ReadAsync<TRow, T>(
        PostgresDatabase database, string listSql, string countSql, object parameters, PageRequest page, Func<TRow, T> map,
        CancellationToken cancellationToken) =>
        ReadAsync(database, countSql, parameters, page, async (connection, transaction, token) =>
        {
            var rows = await connection.QueryAsync<TRow>(new CommandDefinition(listSql, parameters, transaction, cancellationToken: token));
            return rows.Select(map).ToList();
        }, cancellationToken);

    /// <param name="readItems">Reads the page's items inside the transaction (several statements, if it needs them).</param>
    public static Task<Page<T>> ReadAsync<T>(
        PostgresDatabase database, string countSql, object parameters, PageRequest page,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<List<T>>> readItems, CancellationToken cancellationToken) =>
        database.RetryingInTransactionAsync(IsolationLevel.RepeatableRead, async (connection, transaction, token) =>
        {
            var items = await readItems(connection, transaction, token);
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, transaction, cancellationToken: token));
            return new Page<T>(items, page.Number, page.Size, total);
        }, cancellationToken);
}
