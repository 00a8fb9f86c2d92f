using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Engine state snapshots in the <c>health_snapshots</c> table.</summary>
internal sealed class PostgresHealthSnapshotStore(PostgresDatabase database) : IHealthSnapshotStore
{
    // Keyed by the snapshot's own id: a repeat after a lost reply finds it there and writes nothing, so the
    // insert is retried. The payload is bound as text and cast, so the server refuses anything but JSON.
    private static readonly string InsertSql = $"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        VALUES (@Id, @GameId, @ObservedAt, @Turn, @Payload::json)
        ON CONFLICT (id) DO NOTHING
        """;

    // The batch's snapshots as arrays, one per column. A game deleted meanwhile is left out, and a repeat writes
    // nothing twice, so the whole statement is retried like the single insert.
    private static readonly string InsertManySql = $"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        SELECT s.id, s.game_id, s.observed_at, s.turn, s.payload::json
        FROM unnest(@Ids::uuid[], @GameIds::uuid[], @ObservedAts::timestamptz[], @Turns::integer[], @Payloads::text[])
            WITH ORDINALITY AS s (id, game_id, observed_at, turn, payload, position)
        WHERE EXISTS (SELECT 1 FROM games g WHERE g.id = s.game_id)
        ORDER BY s.position
        ON CONFLICT (id) DO NOTHING
        """;

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var row = HealthSnapshotRow.From(snapshot);
        return database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(InsertSql, row, cancellationToken: token)), cancellationToken);
    }

    public Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return Task.CompletedTask;
        }
        var rows = snapshots.Select(HealthSnapshotRow.From).ToArray();
        var parameters = new
        {
            Ids = rows.Select(r => r.Id).ToArray(),
            GameIds = rows.Select(r => r.GameId).ToArray(),
            ObservedAts = rows.Select(r => r.ObservedAt).ToArray(),
            Turns = rows.Select(r => r.Turn).ToArray(),
            Payloads = rows.Select(r => r.Payload).ToArray(),
        };
        return database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(InsertManySql, parameters, cancellationToken: token)), cancellationToken);
    }

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = gameId, page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
