using Npgsql;

namespace Orrery.Benchmarks;

/// <summary>
/// What a cluster's shared database says, read from outside the replicas: who owns which shard (<c>game_shards</c>:
/// the owner's silo port), whether Orleans declared a replica dead (<c>orleansmembershiptable</c>, status 6), the
/// games' current turns and their snapshot rows.
/// </summary>
internal sealed class ClusterDatabase(string connectionString) : IAsyncDisposable
{
    private const int Dead = 6;
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    /// <summary>Shard -> the silo port of the replica holding it.</summary>
    public async Task<Dictionary<int, int>> ShardOwnersAsync(CancellationToken cancellationToken)
    {
        var owners = new Dictionary<int, int>();
        await using var command = _source.CreateCommand("SELECT shard, port FROM game_shards WHERE port IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners[reader.GetInt32(0)] = reader.GetInt32(1);
        }
        return owners;
    }

    /// <summary>
    /// When the newest incarnation of the silo on <paramref name="siloPort"/> was marked Dead, or null while it is not:
    /// the membership version's timestamp, which every membership write moves (the declaration is the last one
    /// unless another change followed within the caller's polling interval).
    /// </summary>
    public async Task<DateTimeOffset?> DeclaredDeadAtAsync(int siloPort, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            "SELECT m.status, v.timestamp FROM orleansmembershiptable m JOIN orleansmembershipversiontable v USING (deploymentid) " +
            "WHERE m.port = $1 ORDER BY m.generation DESC LIMIT 1");
        command.Parameters.AddWithValue(siloPort);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetInt32(0) == Dead ? reader.GetFieldValue<DateTimeOffset>(1) : null;
    }

    /// <summary>Active silos (status 3).</summary>
    public async Task<int> ActiveMembersAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand("SELECT count(*)::int FROM orleansmembershiptable WHERE status = 3");
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Each game's current turn and the time of its record's last write.</summary>
    public async Task<Dictionary<Guid, (int Turn, DateTimeOffset UpdatedAt)>> TurnsAsync(Guid[] gameIds, CancellationToken cancellationToken)
    {
        var turns = new Dictionary<Guid, (int, DateTimeOffset)>(gameIds.Length);
        await using var command = _source.CreateCommand("SELECT game_id, current_turn, updated_at FROM runtime_records WHERE game_id = ANY($1)");
        command.Parameters.AddWithValue(gameIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            turns[reader.GetGuid(0)] = (reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2));
        }
        return turns;
    }

    /// <summary>Each game's recorded turn and engine endpoint.</summary>
    public async Task<List<(Guid GameId, int Turn, string? Endpoint, string Status)>> RecordsAsync(CancellationToken cancellationToken)
    {
        var records = new List<(Guid, int, string?, string)>();
        await using var command = _source.CreateCommand("SELECT game_id, current_turn, engine_endpoint, status FROM runtime_records");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add((reader.GetGuid(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }
        return records;
    }

    /// <summary>Snapshot rows beyond the first for one (game, turn): a turn's record written twice, not a turn played twice.</summary>
    public async Task<long> RepeatedSnapshotRowsAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            "SELECT coalesce(sum(n - 1), 0)::bigint FROM (SELECT count(*) AS n FROM health_snapshots GROUP BY game_id, turn HAVING count(*) > 1) r");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
