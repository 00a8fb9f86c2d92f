using Dapper;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Engine state snapshots in the <c>health_snapshots</c> table.</summary>
internal sealed class PostgresHealthSnapshotStore(PostgresDatabase database, IOwnerFences fences) : IHealthSnapshotStore
{
    private static readonly (string Epoch, string Membership) InsertSql = (Insert(membership: false), Insert(membership: true));

    private static readonly (string Epoch, string Membership) InsertManySql = (InsertMany(membership: false), InsertMany(membership: true));

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var fence = fences.For(snapshot.GameId);
        var row = HealthSnapshotRow.From(snapshot).Fenced(fence);
        var sql = database.FenceOnMembership ? InsertSql.Membership : InsertSql.Epoch;
        return PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: token)), cancellationToken));
    }

    /// <remarks>One statement: a refused fence of any game fails it, and the whole batch writes nothing.</remarks>
    public Task InsertManyAsync(IReadOnlyList<HealthSnapshot> snapshots, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return Task.CompletedTask;
        }
        var used = snapshots.Select(s => fences.For(s.GameId)).ToArray();
        var rows = snapshots.Select(HealthSnapshotRow.From).ToArray();
        var parameters = new
        {
            Ids = rows.Select(r => r.Id).ToArray(),
            GameIds = rows.Select(r => r.GameId).ToArray(),
            ObservedAts = rows.Select(r => r.ObservedAt).ToArray(),
            Turns = rows.Select(r => r.Turn).ToArray(),
            Payloads = rows.Select(r => r.Payload).ToArray(),
            FenceShards = used.Select(f => f.Shard).ToArray(),
            FenceEpochs = used.Select(f => f.Epoch).ToArray(),
        };
        var sql = database.FenceOnMembership ? InsertManySql.Membership : InsertManySql.Epoch;
        return PostgresFencing.GuardAsync(fences, used, () => database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: token)), cancellationToken));
    }

    // Keyed by the snapshot's own id: a repeat after a lost reply finds it there and writes nothing, so the
    // insert is retried. The payload is bound as text and cast, so the server refuses anything but JSON.
    private static string Insert(bool membership) => $"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        SELECT @Id, @GameId, @ObservedAt, @Turn, @Payload::json WHERE {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership)}
            AND {StoreSql.NotBehindTheRecord("@GameId", "@Turn")}
        ON CONFLICT (id) DO NOTHING
        """;

    // The batch's snapshots as arrays, one per column. A game deleted meanwhile is left out, and a repeat writes
    // nothing twice, so the whole statement is retried like the single insert.
    private static string InsertMany(bool membership) => $"""
        INSERT INTO health_snapshots ({SqlColumns.Names(HealthSnapshotRow.Columns)})
        SELECT s.id, s.game_id, s.observed_at, s.turn, s.payload::json
        FROM unnest(@Ids::uuid[], @GameIds::uuid[], @ObservedAts::timestamptz[], @Turns::integer[], @Payloads::text[],
                    @FenceShards::integer[], @FenceEpochs::bigint[])
            WITH ORDINALITY AS s (id, game_id, observed_at, turn, payload, fence_shard, fence_epoch, position)
        WHERE EXISTS (SELECT 1 FROM games g WHERE g.id = s.game_id) AND {PostgresFencing.Check("s.fence_shard", "s.fence_epoch", membership)}
            AND {StoreSql.NotBehindTheRecord("s.game_id", "s.turn")}
        ORDER BY s.position
        ON CONFLICT (id) DO NOTHING
        """;

    public Task DeleteManyAsync(IReadOnlyList<Guid> snapshotIds, CancellationToken cancellationToken) =>
        snapshotIds.Count == 0
            ? Task.CompletedTask
            : database.RetryingAsync((connection, token) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM health_snapshots WHERE id = ANY(@Ids)", new { Ids = snapshotIds.ToArray() }, cancellationToken: token)), cancellationToken);

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = gameId, page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
