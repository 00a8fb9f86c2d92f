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

    public Task InsertAsync(HealthSnapshot snapshot, CancellationToken cancellationToken)
    {
        var row = HealthSnapshotRow.From(snapshot);
        return database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(InsertSql, row, cancellationToken: token)), cancellationToken);
    }

    public Task<Page<HealthSnapshot>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPages.ReadAsync(database, StoreSql.SnapshotPage, StoreSql.SnapshotCount, new { GameId = gameId, page.Size, page.Offset }, page,
            (HealthSnapshotRow row) => row.ToSnapshot(), cancellationToken);
}
