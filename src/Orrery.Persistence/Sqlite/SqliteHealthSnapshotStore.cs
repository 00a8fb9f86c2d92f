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

    // A batch neither fails on a game deleted meanwhile nor writes a snapshot twice when it is repeated.
    // (INSERT ... SELECT needs its WHERE before ON CONFLICT, or SQLite cannot parse the upsert.)
    private static readonly SqlitePreparedStatement<HealthSnapshotRow> InsertOfKnownGame = new($"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        SELECT {SqlColumns.Parameters(HealthSnapshotRow.Columns)} WHERE EXISTS (SELECT 1 FROM games WHERE id = @GameId)
        ON CONFLICT (id) DO NOTHING
        """, HealthSnapshotRow.Columns);

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken) =>
        database.ExecutePreparedAsync(Insert, HealthSnapshotRow.From(snapshot), cancellationToken);

    /// <summary>One transaction, one compiled statement re-bound per snapshot.</summary>
    public Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken) =>
        snapshots.Count == 0 ? Task.CompletedTask : database.WritePreparedAsync(async transaction =>
        {
            foreach (var snapshot in snapshots)
            {
                await transaction.ExecuteAsync(InsertOfKnownGame, HealthSnapshotRow.From(snapshot), cancellationToken);
            }
            return snapshots.Count;
        }, cancellationToken);

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        SqlitePages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = SqliteValues.Text(gameId), page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
