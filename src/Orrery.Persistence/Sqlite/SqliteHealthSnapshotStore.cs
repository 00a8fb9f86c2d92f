using Dapper;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Engine state snapshots in the <c>health_snapshots</c> table.</summary>
internal sealed class SqliteHealthSnapshotStore(SqliteDatabase database, IOwnerFences fences) : IHealthSnapshotStore
{
    private static readonly string[] Parameters = [.. HealthSnapshotRow.Columns, "fence_shard", "fence_epoch"];

    // One per turn of every game: compiled once on the writer. A refused fence inserts nothing, and so does an
    // observation older than the turn already recorded (StoreSql.NotBehindTheRecord).
    private static readonly SqlitePreparedStatement<HealthSnapshotRow> Insert = new(
        $"INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)}) SELECT {SqlColumns.Parameters(HealthSnapshotRow.Columns)} WHERE {SqliteFencing.Check} AND {StoreSql.NotBehindTheRecord("@GameId", "@Turn")}",
        Parameters);

    // A batch neither fails on a game deleted meanwhile nor writes a snapshot twice when it is repeated.
    // (INSERT ... SELECT needs its WHERE before ON CONFLICT, or SQLite cannot parse the upsert.)
    private static readonly SqlitePreparedStatement<HealthSnapshotRow> InsertOfKnownGame = new($"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        SELECT {SqlColumns.Parameters(HealthSnapshotRow.Columns)} WHERE EXISTS (SELECT 1 FROM games WHERE id = @GameId) AND {SqliteFencing.Check}
            AND {StoreSql.NotBehindTheRecord("@GameId", "@Turn")}
        ON CONFLICT (id) DO NOTHING
        """, Parameters);

    public async Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var fence = fences.For(snapshot.GameId);
        if (await database.ExecutePreparedAsync(Insert, HealthSnapshotRow.From(snapshot).Fenced(fence), cancellationToken) == 0)
        {
            await SqliteFencing.ThrowIfRefusedAsync(database, fences, fence, cancellationToken);
        }
    }

    /// <summary>One transaction, one compiled statement re-bound per snapshot; a refused fence rolls the whole batch back.</summary>
    public Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return Task.CompletedTask;
        }
        var used = snapshots.Select(s => fences.For(s.GameId)).ToArray();
        return database.WritePreparedAsync(async transaction =>
        {
            for (var i = 0; i < snapshots.Count; i++)
            {
                if (await transaction.ExecuteAsync(InsertOfKnownGame, HealthSnapshotRow.From(snapshots[i]).Fenced(used[i]), cancellationToken) == 0)
                {
                    await SqliteFencing.ThrowIfRefusedAsync(transaction, fences, used[i], cancellationToken);
                }
            }
            return snapshots.Count;
        }, cancellationToken);
    }

    public Task DeleteManyAsync(IReadOnlyList<Guid> snapshotIds, CancellationToken cancellationToken) =>
        snapshotIds.Count == 0
            ? Task.CompletedTask
            : database.WriteInTransactionAsync(async (connection, transaction) =>
            {
                foreach (var id in snapshotIds)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM health_snapshots WHERE id = @Id", new { Id = SqliteValues.Text(id) }, transaction, cancellationToken: cancellationToken));
                }
                return snapshotIds.Count;
            }, cancellationToken);

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        SqlitePages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = SqliteValues.Text(gameId), page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
