using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Engine state snapshots in the <c>health_snapshots</c> table.</summary>
internal sealed class SqliteHealthSnapshotStore(SqliteDatabase database) : IHealthSnapshotStore
{
    // One per turn of every game: compiled once on the writer.
    private static readonly SqlitePreparedStatement<HealthSnapshotRow> Insert = new(
        $"INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)}) VALUES ({SqlColumns.Parameters(HealthSnapshotRow.Columns)})",
        HealthSnapshotRow.Columns);

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken) =>
        database.ExecutePreparedAsync(Insert, HealthSnapshotRow.From(snapshot), cancellationToken);

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        SqlitePages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = SqliteValues.Text(gameId), page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
