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

    // seq breaks ties between snapshots observed in the same millisecond: the later insert comes first.
    private static readonly string ListSql = $"""
        SELECT {SqlColumns.Select("s", HealthSnapshotRow.Columns)} FROM health_snapshots s
        WHERE s.game_id = @GameId
        ORDER BY s.observed_at DESC, s.seq DESC
        LIMIT @Size OFFSET @Offset
        """;

    private const string CountSql = "SELECT COUNT(*) FROM health_snapshots WHERE game_id = @GameId";

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken) =>
        database.ExecutePreparedAsync(Insert, HealthSnapshotRow.From(snapshot), cancellationToken);

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        SqlitePages.ReadAsync(database, ListSql, CountSql, new { GameId = SqliteValues.Text(gameId), page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
