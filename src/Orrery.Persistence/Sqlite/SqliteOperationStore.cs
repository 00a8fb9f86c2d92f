using Orrery.Cluster;
using Dapper;
using Orrery.Operations;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>The operation log in the <c>operations</c> table (no foreign key: it outlives deleted games).</summary>
internal sealed class SqliteOperationStore(SqliteDatabase database, IOwnerFences fences) : IOperationStore
{
    private static readonly string GetSql = $"{StoreSql.OperationSelect} WHERE o.id = @Value";
    private static readonly string FindByKeySql = $"{StoreSql.OperationSelect} WHERE o.idempotency_key = @Value";

    // The throughput path (one per accepted lifecycle request): one statement in one implicit transaction,
    // compiled once per writer connection. A reused idempotency key is a conflict on its unique index, which
    // DO NOTHING turns into 0 rows affected, and so does a refused fence. (INSERT ... SELECT needs its WHERE before
    // ON CONFLICT, or SQLite cannot parse the upsert.)
    private static readonly SqlitePreparedStatement<OperationRow> Insert = new($"""
        INSERT INTO operations ({SqlColumns.Names(OperationRow.Columns)}) SELECT {SqlColumns.Parameters(OperationRow.Columns)} WHERE {SqliteFencing.Check}
        ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        """, [.. OperationRow.Columns, "fence_shard", "fence_epoch"]);

    private static readonly SqlitePreparedStatement<OperationRow> Update = new(
        $"UPDATE operations SET {SqlColumns.Assignments(OperationRow.MutableColumns)} WHERE id = @Id AND {SqliteFencing.Check}",
        [.. OperationRow.MutableColumns, "id", "fence_shard", "fence_epoch"]);

    public async Task<OperationInsert> InsertAsync(Operation operation, CancellationToken cancellationToken)
    {
        var fence = fences.For(operation.GameId);
        var row = OperationRow.From(operation).Fenced(fence);
        var inserted = await database.ExecutePreparedAsync(Insert, row, cancellationToken);
        if (inserted == 1)
        {
            return new OperationInsert(row.ToOperation(), Created: true);
        }
        await SqliteFencing.ThrowIfRefusedAsync(database, fences, fence, cancellationToken);

        // Only a key conflict inserts nothing (a duplicate id would have thrown), and keyed rows are never deleted.
        var first = await FindByIdempotencyKeyAsync(operation.IdempotencyKey!, cancellationToken)
            ?? throw new InvalidOperationException($"Operation {operation.Id} was not recorded and no operation holds its idempotency key.");
        return new OperationInsert(first, Created: false);
    }

    /// <remarks>An unknown operation changes nothing, as before fencing; only a refused fence throws.</remarks>
    public async Task UpdateAsync(Operation operation, CancellationToken cancellationToken)
    {
        var fence = fences.For(operation.GameId);
        if (await database.ExecutePreparedAsync(Update, OperationRow.From(operation).Fenced(fence), cancellationToken) == 0)
        {
            await SqliteFencing.ThrowIfRefusedAsync(database, fences, fence, cancellationToken);
        }
    }

    public Task<Operation?> GetAsync(Guid operationId, CancellationToken cancellationToken) =>
        FindAsync(GetSql, SqliteValues.Text(operationId), cancellationToken);

    public Task<Operation?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        FindAsync(FindByKeySql, idempotencyKey, cancellationToken);

    public Task<Page<Operation>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        SqlitePages.ReadAsync(database, StoreSql.OperationPage, StoreSql.OperationCount, new { GameId = SqliteValues.Text(gameId), page.Size, page.Offset }, page,
            (OperationRow row) => row.ToOperation(), cancellationToken);

    public Task<IReadOnlyList<Operation>> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<OperationRow>(new CommandDefinition(StoreSql.UnfinishedOperations, cancellationToken: cancellationToken));
            IReadOnlyList<Operation> operations = rows.Select(r => r.ToOperation()).ToList();
            return operations;
        }, cancellationToken);

    private Task<Operation?> FindAsync(string sql, string value, CancellationToken cancellationToken) =>
        database.ReadAsync<Operation?>(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(
                new CommandDefinition(sql, new { Value = value }, cancellationToken: cancellationToken));
            return row?.ToOperation();
        }, cancellationToken);
}
