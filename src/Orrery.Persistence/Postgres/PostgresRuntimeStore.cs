using Dapper;
using Npgsql;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Runtime records in the <c>runtime_records</c> table; every write is a compare-and-swap on <c>version</c>.</summary>
/// <remarks>
/// Every write is retried after a transient failure, and a retried write re-checks the outcome it reports: when
/// the repeat finds its CAS lost (or its insert refused), the first attempt may have committed before the
/// connection went. If the stored record is exactly the one this write produces, it was this write's, and it is
/// returned as a success; otherwise the write lost for real.
/// </remarks>
internal sealed class PostgresRuntimeStore(PostgresDatabase database, IOwnerFences fences) : IRuntimeStore
{
    private static readonly string ReturnedColumns = SqlColumns.Select(null, RuntimeRow.Columns);
    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("r", RuntimeRow.Columns)} FROM runtime_records r";

    /// <summary>The parameters of the update, <c>$1</c> first: the record's columns, then the writer's fence.</summary>
    private static readonly string[] UpdateParameters = [.. RuntimeRow.Columns, "fence_shard", "fence_epoch"];

    // Either refusal (a record exists, the game is unknown) returns no row; a refused fence fails the statement.
    private static readonly (string Epoch, string Membership) InsertSql = (Insert(membership: false), Insert(membership: true));

    private static readonly (PostgresStatement<RuntimeRow> Epoch, PostgresStatement<RuntimeRow> Membership) UpdateSql =
        (new(Update(membership: false), UpdateParameters), new(Update(membership: true), UpdateParameters));

    private string Inserting => database.FenceOnMembership ? InsertSql.Membership : InsertSql.Epoch;

    private PostgresStatement<RuntimeRow> Updating => database.FenceOnMembership ? UpdateSql.Membership : UpdateSql.Epoch;

    public Task<RuntimeRecord?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.RetryingAsync<RuntimeRecord?>(async (connection, token) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<RuntimeRow>(
                new CommandDefinition($"{SelectSql} WHERE r.game_id = @GameId", new { GameId = gameId }, cancellationToken: token));
            return row?.ToRecord();
        }, cancellationToken);

    public Task<IReadOnlyList<RuntimeRecord>> ListAsync(CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyList<RuntimeRecord>>(async (connection, token) =>
            (await ReadAsync(connection, $"{SelectSql} ORDER BY r.game_id", null, token)).Select(r => r.ToRecord()).ToList(),
            cancellationToken);

    public Task<RuntimeRecord?> TryInsertAsync(RuntimeRecord record, CancellationToken cancellationToken)
    {
        var fence = fences.For(record.GameId);
        var row = RuntimeRow.From(record with { Version = 1 }).Fenced(fence);
        var sql = Inserting;
        var attempts = 0;
        return PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync(async (connection, token) =>
        {
            var repeat = attempts++ > 0;
            var inserted = await connection.QuerySingleOrDefaultAsync<RuntimeRow>(new CommandDefinition(sql, row, cancellationToken: token));
            return inserted?.ToRecord() ?? (repeat ? (await FindOwnAsync(connection, [row], token))[0] : null);
        }, cancellationToken));
    }

    public async Task<RuntimeRecord?> TryUpdateAsync(RuntimeRecord record, CancellationToken cancellationToken) =>
        (await TryUpdateManyAsync([record], cancellationToken))[0];

    /// <summary>
    /// One <see cref="NpgsqlBatch"/>: every CAS in one round trip, run in order as one implicit transaction,
    /// each standing alone (a lost CAS returns no row, it does not fail the batch). A refused fence fails the
    /// whole batch, which then changes nothing: <see cref="OwnershipLostException"/>, and the caller writes again
    /// game by game to learn which games this node lost.
    /// </summary>
    public Task<IReadOnlyList<RuntimeRecord?>> TryUpdateManyAsync(IReadOnlyList<RuntimeRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<RuntimeRecord?>>([]); // an empty NpgsqlBatch is an error
        }
        var used = records.Select(r => fences.For(r.GameId)).ToArray();
        var rows = records.Select((r, i) => RuntimeRow.From(r).Fenced(used[i])).ToArray();
        var statement = Updating;
        var attempts = 0;
        return PostgresFencing.GuardAsync(fences, used, () => database.RetryingAsync<IReadOnlyList<RuntimeRecord?>>(async (connection, token) =>
        {
            // Counted before the statement: an attempt that fails never gets past it.
            var repeat = attempts++ > 0;
            var saved = await UpdateAsync(connection, statement, rows, token);
            if (repeat && saved.Contains(null))
            {
                var lost = Enumerable.Range(0, rows.Length).Where(i => saved[i] is null).ToArray();
                var own = await FindOwnAsync(connection, lost.Select(i => Updated(rows[i])).ToArray(), token);
                for (var j = 0; j < lost.Length; j++)
                {
                    saved[lost[j]] = own[j];
                }
            }
            return saved;
        }, cancellationToken));
    }

    private static async Task<RuntimeRecord?[]> UpdateAsync(
        NpgsqlConnection connection, PostgresStatement<RuntimeRow> statement, RuntimeRow[] rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var row in rows)
        {
            batch.BatchCommands.Add(statement.Bind(row));
        }

        var saved = new RuntimeRecord?[rows.Length];
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < rows.Length; i++)
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                saved[i] = reader.GetRowParser<RuntimeRow>()(reader).ToRecord();
            }
            await reader.NextResultAsync(cancellationToken);
        }
        return saved;
    }

    private static string Insert(bool membership) =>
        $"{StoreSql.RuntimeInsert(PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership))} RETURNING {ReturnedColumns}";

    // The check and the write are one statement: the row lock taken by UPDATE makes a concurrent CAS on the same
    // version wait, then re-evaluate its WHERE against the new version and change nothing. The fence is checked
    // in the same WHERE.
    private static string Update(bool membership) => $"""
        UPDATE runtime_records
        SET {string.Join(", ", RuntimeRow.Columns.Where(c => c is not ("game_id" or "version")).Select(c => $"{c} = {Parameter(c)}"))},
            version = version + 1
        WHERE game_id = {Parameter("game_id")} AND version = {Parameter("version")}
          AND {PostgresFencing.Check(Parameter("fence_shard"), Parameter("fence_epoch"), membership)}
        RETURNING {ReturnedColumns}
        """;

    /// <summary><c>$n</c>, the positional parameter that the update binds to <paramref name="column"/>.</summary>
    private static string Parameter(string column) => $"${Array.IndexOf(UpdateParameters, column) + 1}";

    /// <summary>The row as a successful CAS of <paramref name="row"/> stores it.</summary>
    private static RuntimeRow Updated(RuntimeRow row)
    {
        var updated = RuntimeRow.From(row.ToRecord());
        updated.Version++;
        return updated;
    }

    /// <returns>For each of <paramref name="expected"/>, the stored record if it is exactly that row, else null.</returns>
    private static async Task<RuntimeRecord?[]> FindOwnAsync(NpgsqlConnection connection, RuntimeRow[] expected, CancellationToken cancellationToken)
    {
        var stored = (await ReadAsync(connection, $"{SelectSql} WHERE r.game_id = ANY(@GameIds)", new { GameIds = expected.Select(r => r.GameId).ToArray() }, cancellationToken))
            .ToDictionary(r => r.GameId, r => r.ToRecord());
        return expected.Select(e => stored.GetValueOrDefault(e.GameId) is { } s && s == e.ToRecord() ? s : null).ToArray();
    }

    private static async Task<IEnumerable<RuntimeRow>> ReadAsync(NpgsqlConnection connection, string sql, object? parameters, CancellationToken cancellationToken) =>
        await connection.QueryAsync<RuntimeRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
}
