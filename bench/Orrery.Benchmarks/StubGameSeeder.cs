using Npgsql;
using Orrery.Scheduling;

namespace Orrery.Benchmarks;

/// <summary>
/// Writes what successful starts leave behind, straight into a cluster's database while no replica runs (so no fence
/// is bypassed on a live owner): games with two members, running records pointing at a <see cref="StubEngineServer"/>,
/// player mappings. Game i plays at second i % 60 of every minute. The replicas load them when they take their shards.
/// </summary>
internal static class StubGameSeeder
{
    public static async Task<Guid[]> SeedAsync(string connectionString, StubEngineServer engines, int count, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var schedules = Enumerable.Range(0, count).Select(Schedule).ToArray();
        var users = ids.Select(_ => new[] { Guid.NewGuid(), Guid.NewGuid() }).ToArray();
        var players = ids.Select(_ => new[] { Guid.NewGuid(), Guid.NewGuid() }).ToArray();
        for (var i = 0; i < count; i++)
        {
            engines.Add(ids[i], i % 60, players[i]);
        }

        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection,
            "INSERT INTO games (id, target_engine_version, turn_schedule, created_at, updated_at) SELECT id, '1.0.0', s, $3, $3 FROM unnest($1::uuid[], $2::text[]) AS t(id, s)",
            cancellationToken, ids, schedules, now);
        var memberGames = ids.SelectMany(id => new[] { id, id }).ToArray();
        var memberUsers = users.SelectMany(u => u).ToArray();
        var memberPlayers = players.SelectMany(p => p).ToArray();
        var positions = ids.SelectMany(_ => new[] { 0, 1 }).ToArray();
        var races = ids.SelectMany(_ => new[] { "Andorians", "Cygnans" }).ToArray();
        await ExecuteAsync(connection,
            "INSERT INTO memberships (game_id, position, user_id, race_name) SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::text[])",
            cancellationToken, memberGames, positions, memberUsers, races);
        await ExecuteAsync(connection,
            "INSERT INTO player_mappings (game_id, user_id, race_name, engine_player_id) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[])",
            cancellationToken, memberGames, memberUsers, races, memberPlayers);
        await ExecuteAsync(connection,
            """
            INSERT INTO runtime_records (game_id, status, engine_id, image_ref, engine_version, engine_endpoint, turn_schedule, current_turn,
                paused, skip_next_tick, next_turn_at, started_at, status_changed_at, updated_at, version)
            SELECT id, 'running', 'stub-' || id, 'stub', '1.0.0', e, s, 0, false, false, n, $5, $5, $5, 1
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS t(id, e, s, n)
            """,
            cancellationToken, ids, ids.Select(id => engines.EndpointOf(id).ToString()).ToArray(), schedules,
            schedules.Select(s => TurnSlots.Next(s, now)!.Value).ToArray(), now);
        await transaction.CommitAsync(cancellationToken);
        return ids;
    }

    public static string Schedule(int i) => $"{i % 60} * * * * *";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
