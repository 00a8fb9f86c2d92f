using Orrery.Cluster;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Players' standings in the <c>player_stats</c> table; the upsert itself folds each standing into the maxima.</summary>
internal sealed class SqlitePlayerStatsStore(SqliteDatabase database, IOwnerFences fences, TimeProvider time) : IPlayerStatsStore
{
    private static readonly string SelectColumns = SqlColumns.Select(null, PlayerStatsRow.Columns);

    // Every standing of the batch in one statement, the standings as one JSON array of [game, user, race, planets,
    // population, fence shard, fence epoch] (the statement is compiled once and its text does not grow with the
    // batch). The maxima are folded in by the statement, against the stored row, so no read-modify-write can lose
    // one. A standing of a game that is not registered, or whose fence no longer holds, writes and returns nothing.
    private static readonly SqlitePreparedStatement<StandingsParameters> Upsert = new($"""
        INSERT INTO player_stats ({SqlColumns.Names(PlayerStatsRow.Columns)})
        SELECT s.value ->> 0, s.value ->> 1, s.value ->> 2, s.value ->> 3, s.value ->> 4, s.value ->> 3, s.value ->> 4, @UpdatedAt
        FROM json_each(@Standings) s
        WHERE EXISTS (SELECT 1 FROM games g WHERE g.id = s.value ->> 0)
          AND EXISTS (SELECT 1 FROM game_shards f WHERE f.shard = s.value ->> 5 AND f.epoch = s.value ->> 6)
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = MAX(player_stats.max_planets, excluded.current_planets),
            max_population = MAX(player_stats.max_population, excluded.current_population),
            updated_at = excluded.updated_at
        RETURNING {SelectColumns}
        """, ["standings", "updated_at"]);

    private static readonly string ListSql = $"SELECT {SelectColumns} FROM player_stats WHERE game_id = @GameId ORDER BY race_name, user_id";

    private static readonly string ListManySql =
        $"SELECT {SelectColumns} FROM player_stats WHERE game_id IN (SELECT value FROM json_each(@GameIds)) ORDER BY game_id, race_name, user_id";

    /// <summary>
    /// One statement on the writer: every standing upserted, every row returned. A game that returned no row is
    /// unknown or refused: its fence is read again in the same transaction, and a refusal rolls the batch back.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken)
    {
        StoreArguments.Standings(games);
        if (games.All(g => g.Standings.Count == 0))
        {
            return [.. games.Select(_ => (IReadOnlyList<PlayerTurnStats>)[])];
        }

        var used = games.Where(g => g.Standings.Count > 0).ToDictionary(g => g.GameId, g => fences.For(g.GameId));
        var parameters = new StandingsParameters { Standings = StandingsJson(games, used), UpdatedAt = SqliteValues.Millis(time.GetUtcNow()) };
        var rows = await database.WritePreparedAsync(async transaction =>
        {
            var returned = new Dictionary<(string GameId, string UserId), PlayerStatsRow>();
            await using (var reader = await transaction.QueryAsync(Upsert, parameters, cancellationToken))
            {
                var parse = reader.GetRowParser<PlayerStatsRow>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    var row = parse(reader);
                    returned[(row.GameId, row.UserId)] = row;
                }
            }
            var written = returned.Keys.Select(k => k.GameId).ToHashSet();
            foreach (var fence in used.Where(u => !written.Contains(SqliteValues.Text(u.Key))).Select(u => u.Value))
            {
                await SqliteFencing.ThrowIfRefusedAsync(transaction, fences, fence, cancellationToken);
            }
            return returned;
        }, cancellationToken);
        // RETURNING follows no promised order: put the rows back in the order of each game's standings.
        return [.. games.Select(g => StatsOf(SqliteValues.Text(g.GameId), g.Standings, rows))];
    }

    /// <returns>The game's stats in the order of its standings; empty for a game left out, which returned no row.</returns>
    private static IReadOnlyList<PlayerTurnStats> StatsOf(
        string gameId, IReadOnlyList<PlayerStanding> standings, Dictionary<(string, string), PlayerStatsRow> rows) =>
        standings.Count > 0 && rows.ContainsKey((gameId, SqliteValues.Text(standings[0].UserId)))
            ? [.. standings.Select(s => rows[(gameId, SqliteValues.Text(s.UserId))].ToStats())]
            : [];

    private static string StandingsJson(IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, Dictionary<Guid, OwnerFence> fences)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var (gameId, standings) in games)
            {
                foreach (var standing in standings)
                {
                    json.WriteStartArray();
                    json.WriteStringValue(SqliteValues.Text(gameId));
                    json.WriteStringValue(SqliteValues.Text(standing.UserId));
                    json.WriteStringValue(standing.RaceName);
                    json.WriteNumberValue(standing.Planets);
                    json.WriteNumberValue(standing.Population);
                    json.WriteNumberValue(fences[gameId].Shard);
                    json.WriteNumberValue(fences[gameId].Epoch);
                    json.WriteEndArray();
                }
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The parameters of <see cref="Upsert"/>.</summary>
    private sealed class StandingsParameters
    {
        public string Standings { get; init; } = "";
        public long UpdatedAt { get; init; }
    }

    public Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(
                ListSql, new { GameId = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken));
            IReadOnlyList<PlayerTurnStats> stats = rows.Select(r => r.ToStats()).ToList();
            return stats;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(
                ListManySql, new { GameIds = SqliteValues.JsonArray(gameIds.Distinct()) }, cancellationToken: cancellationToken));
            return RowsByGame.Group(gameIds, rows, r => SqliteValues.Uuid(r.GameId), r => r.ToStats());
        }, cancellationToken);
}
