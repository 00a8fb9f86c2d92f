using Dapper;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Runtime records in the <c>runtime_records</c> table; every write is a compare-and-swap on <c>version</c>.</summary>
/// <remarks>
/// Every write also checks the writer's fence (<see cref="SqliteFencing"/>); a write that changed nothing reads the
/// fence again to tell a lost compare-and-swap (null) from a refusal (<see cref="OwnershipLostException"/>).
/// </remarks>
internal sealed class SqliteRuntimeStore(SqliteDatabase database, IOwnerFences fences) : IRuntimeStore
{
    private static readonly string InsertSql = StoreSql.RuntimeInsert(SqliteFencing.Check);

    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("r", RuntimeRow.Columns)} FROM runtime_records r";

    // The check and the write are one statement, so no other write can slip in between them.
    private static readonly string UpdateSql = $"""
        UPDATE runtime_records
        SET {SqlColumns.Assignments(RuntimeRow.Columns.Where(c => c is not ("game_id" or "version")))}, version = version + 1
        WHERE game_id = @GameId AND version = @Version AND {SqliteFencing.Check}
        """;

    private static readonly SqlitePreparedStatement<RuntimeRow> Update = new(UpdateSql, [.. RuntimeRow.Columns, "fence_shard", "fence_epoch"]);

    public Task<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.ReadAsync<RuntimeRecord?>(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<RuntimeRow>(new CommandDefinition(
                $"{SelectSql} WHERE r.game_id = @GameId", new { GameId = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken));
            return row?.ToRecord();
        }, cancellationToken);

    public Task<IReadOnlyList<RuntimeRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<RuntimeRow>(
                new CommandDefinition($"{SelectSql} ORDER BY r.game_id", cancellationToken: cancellationToken));
            IReadOnlyList<RuntimeRecord> records = rows.Select(r => r.ToRecord()).ToList();
            return records;
        }, cancellationToken);

    public async Task<RuntimeRecord?> TryInsertAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var fence = fences.For(record.GameId);
        if (await WriteIfAsync(InsertSql, RuntimeRow.From(record with { Version = 1 }).Fenced(fence), cancellationToken) is { } inserted)
        {
            return inserted;
        }
        await SqliteFencing.ThrowIfRefusedAsync(database, fences, fence, cancellationToken);
        return null;
    }

    /// <remarks>Several per turn of every game: the compiled statement saves its compilation each time.</remarks>
    public async Task<RuntimeRecord?> TryUpdateAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var fence = fences.For(record.GameId);
        var row = RuntimeRow.From(record).Fenced(fence);
        if (await database.ExecutePreparedAsync(Update, row, cancellationToken) == 0)
        {
            await SqliteFencing.ThrowIfRefusedAsync(database, fences, fence, cancellationToken);
            return null;
        }
        row.Version = record.Version + 1;
        return row.ToRecord();
    }

    /// <summary>
    /// One transaction, one compiled statement re-bound per record: a batch costs one commit. A refused fence rolls
    /// the whole batch back (<see cref="OwnershipLostException"/>), and the caller writes again game by game.
    /// </summary>
    public Task<IReadOnlyList<RuntimeRecord?>> TryUpdateManyAsync(IReadOnlyList<RuntimeRecord> records, CancellationToken cancellationToken)
    {
        var used = records.Select(r => fences.For(r.GameId)).ToArray();
        return database.WritePreparedAsync<IReadOnlyList<RuntimeRecord?>>(async transaction =>
        {
            var saved = new RuntimeRecord?[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                var row = RuntimeRow.From(records[i]).Fenced(used[i]);
                if (await transaction.ExecuteAsync(Update, row, cancellationToken) == 1)
                {
                    row.Version = records[i].Version + 1;
                    saved[i] = row.ToRecord();
                }
                else
                {
                    await SqliteFencing.ThrowIfRefusedAsync(transaction, fences, used[i], cancellationToken);
                }
            }
            return saved;
        }, cancellationToken);
    }

    /// <returns>The record as stored (millisecond timestamps, its new version), or null when the statement changed no row.</returns>
    private Task<RuntimeRecord?> WriteIfAsync(string sql, RuntimeRow row, CancellationToken cancellationToken) =>
        database.WriteAsync<RuntimeRecord?>(async connection =>
        {
            var written = await connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: cancellationToken));
            if (written == 0)
            {
                return null;
            }
            return row.ToRecord();
        }, cancellationToken);
}
