using Dapper;
using Npgsql;
using Orrery.Cluster;
using Orrery.Operations;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>The operation log in the <c>operations</c> table (no foreign key: it outlives deleted games).</summary>
internal sealed class PostgresOperationStore(PostgresDatabase database, IOwnerFences fences) : IOperationStore
{
    private static readonly string GetSql = $"{StoreSql.OperationSelect} WHERE o.id = @Value";
    private static readonly string FindByKeySql = $"{StoreSql.OperationSelect} WHERE o.idempotency_key = @Value";

    // A reused idempotency key is a conflict on its unique index, which DO NOTHING turns into no row returned;
    // a refused fence fails the statement.
    private static readonly (string Epoch, string Membership) InsertSql = (Insert(membership: false), Insert(membership: true));

    private static readonly (string Epoch, string Membership) UpdateSql = (Update(membership: false), Update(membership: true));

    /// <remarks>
    /// With an idempotency key the insert is retried: a repeat after a lost reply finds the key taken and reads
    /// the operation holding it, which is this one when its id is this operation's. Without a key nothing tells
    /// a repeat from a second operation, so it runs once and a transient failure goes to the caller.
    /// </remarks>
    public async Task<OperationInsert> InsertAsync(Operation operation, CancellationToken cancellationToken)
    {
        var fence = fences.For(operation.GameId);
        var row = OperationRow.From(operation).Fenced(fence);
        var sql = database.FenceOnMembership ? InsertSql.Membership : InsertSql.Epoch;
        if (operation.IdempotencyKey is null)
        {
            var inserted = await PostgresFencing.GuardAsync(fences, [fence], () =>
                database.OnceAsync((connection, token) => InsertAsync(connection, sql, row, token), cancellationToken));
            return new OperationInsert(inserted!.ToOperation(), Created: true);
        }

        return await PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync(async (connection, token) =>
        {
            if (await InsertAsync(connection, sql, row, token) is { } inserted)
            {
                return new OperationInsert(inserted.ToOperation(), Created: true);
            }
            // Keyed rows are never deleted, so the holder of the key is there to read.
            var first = await FindAsync(connection, FindByKeySql, operation.IdempotencyKey, token)
                ?? throw new InvalidOperationException($"Operation {operation.Id} was not recorded and no operation holds its idempotency key.");
            return new OperationInsert(first, Created: first.Id == operation.Id);
        }, cancellationToken));
    }

    /// <remarks>Retried: a repeat writes the same fields.</remarks>
    public Task UpdateAsync(Operation operation, CancellationToken cancellationToken)
    {
        var fence = fences.For(operation.GameId);
        var row = OperationRow.From(operation).Fenced(fence);
        var sql = database.FenceOnMembership ? UpdateSql.Membership : UpdateSql.Epoch;
        return PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: token)), cancellationToken));
    }

    public Task<Operation?> GetAsync(Guid operationId, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) => FindAsync(connection, GetSql, operationId, token), cancellationToken);

    public Task<Operation?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) => FindAsync(connection, FindByKeySql, idempotencyKey, token), cancellationToken);

    public Task<Page<Operation>> ListAsync(Guid gameId, PageRequest page, CancellationToken cancellationToken) =>
        PostgresPages.ReadAsync(database, StoreSql.OperationPage, StoreSql.OperationCount, new { GameId = gameId, page.Size, page.Offset }, page,
            (OperationRow row) => row.ToOperation(), cancellationToken);

    public Task<IReadOnlyList<Operation>> ListUnfinishedAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<Operation>>(async (connection, token) =>
        {
            var rows = await connection.QueryAsync<OperationRow>(new CommandDefinition(StoreSql.UnfinishedOperations, cancellationToken: token));
            return rows.Select(r => r.ToOperation()).ToList();
        }, cancellationToken);

    private static Task<OperationRow?> InsertAsync(NpgsqlConnection connection, string sql, OperationRow row, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(sql, row, cancellationToken: cancellationToken));

    private static string Insert(bool membership) => $"""
        INSERT INTO operations ({SqlColumns.Names(OperationRow.Columns)})
        SELECT {SqlColumns.Parameters(OperationRow.Columns)} WHERE {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership)}
        ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING {SqlColumns.Select(null, OperationRow.Columns)}
        """;

    private static string Update(bool membership) =>
        $"UPDATE operations SET {SqlColumns.Assignments(OperationRow.MutableColumns)} WHERE id = @Id AND {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership)}";

    private static async Task<Operation?> FindAsync<TValue>(NpgsqlConnection connection, string sql, TValue value, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(sql, new { Value = value }, cancellationToken: cancellationToken));
        return row?.ToOperation();
    }
}
