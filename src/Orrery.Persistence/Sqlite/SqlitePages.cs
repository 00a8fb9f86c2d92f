using Dapper;
using Microsoft.Data.Sqlite;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Reads one page of a listing and its total from the same snapshot, so the two agree.</summary>
internal static class SqlitePages
{
    /// <param name="listSql">Selects the page; binds <c>@Size</c> and <c>@Offset</c> from <paramref name="parameters"/>.</param>
    /// <param name="countSql">Counts every row of the listing.</param>
    public static Task<Page<T>> ReadAsync<TRow, T>(
        SqliteDatabase database, string listSql, string countSql, object parameters, PageRequest page, Func<TRow, T> map,
        CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<TRow>(new CommandDefinition(listSql, parameters, transaction, cancellationToken: cancellationToken));
            var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, parameters, transaction, cancellationToken: cancellationToken));
            return new Page<T>(rows.Select(map).ToList(), page.Number, page.Size, total);
        }, cancellationToken);
}
