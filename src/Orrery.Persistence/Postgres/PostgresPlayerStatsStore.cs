using Dapper;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Players' standings in the <c>player_stats</c> table; the upsert itself folds each standing into the maxima.</summary>
internal sealed class PostgresPlayerStatsStore(PostgresDatabase database, IOwnerFences fences, TimeProvider time) : IPlayerStatsStore
{
    private static readonly string SelectColumns = SqlColumns.Select(null, PlayerStatsRow.Columns);

    private static readonly (string Epoch, string Membership) RecordSql = (Record(membership: false), Record(membership: true));

    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
    private static readonly string ListSql = $"SELECT {SelectColumns} FROM player_stats WHERE game_id = ANY(@GameIds) ORDER BY game_id, race_name COLLATE \"C\", user_id";

    public async Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken)
    {
        StoreArguments.Standings(games);
        var players = games.SelectMany(g => g.Standings.Select(s => (g.GameId, Standing: s))).ToArray();
        if (players.Length == 0)
        {
            return [.. games.Select(_ => (IReadOnlyList<PlayerTurnStats>)[])];
        }

        var used = games.ToDictionary(g => g.GameId, g => fences.For(g.GameId));
        var parameters = new
        {
            UpdatedAt = PostgresValues.Utc(time.GetUtcNow()),
            GameIds = players.Select(p => p.GameId).ToArray(),
            UserIds = players.Select(p => p.Standing.UserId).ToArray(),
            RaceNames = players.Select(p => p.Standing.RaceName).ToArray(),
            Planets = players.Select(p => p.Standing.Planets).ToArray(),
            Populations = players.Select(p => p.Standing.Population).ToArray(),
            FenceShards = players.Select(p => used[p.GameId].Shard).ToArray(),
            FenceEpochs = players.Select(p => used[p.GameId].Epoch).ToArray(),
        };
        var sql = database.FenceOnMembership ? RecordSql.Membership : RecordSql.Epoch;
        var rows = await PostgresFencing.GuardAsync(fences, used.Values, () => database.RetryingAsync((connection, token) =>
            connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(sql, parameters, cancellationToken: token)), cancellationToken));
        // RETURNING follows no promised order: put the rows back in the order of each game's standings.
        var byPlayer = rows.ToDictionary(r => (r.GameId, r.UserId));
        return [.. games.Select(g => StatsOf(g.GameId, g.Standings, byPlayer))];
    }

    /// <returns>The game's stats in the order of its standings; empty for a game left out, which returned no row.</returns>
    private static IReadOnlyList<PlayerTurnStats> StatsOf(
        Guid gameId, IReadOnlyList<PlayerStanding> standings, Dictionary<(Guid, Guid), PlayerStatsRow> rows) =>
        standings.Count > 0 && rows.ContainsKey((gameId, standings[0].UserId)) ? [.. standings.Select(s => rows[(gameId, s.UserId)].ToStats())] : [];

    // Every standing of every game in one statement, the standings as arrays, one per field; a game that is not
    // registered is left out, and a refused fence of any game fails the statement, so the batch writes nothing. The
    // maxima are folded in by the statement, against the stored row, so no read-modify-write can lose one; and a
    // repeat of the same standings leaves the same rows, so the write is retried after a transient failure.
    private static string Record(bool membership) => $"""
        INSERT INTO player_stats AS p ({SqlColumns.Names(PlayerStatsRow.Columns)})
        SELECT s.game_id, s.user_id, s.race_name, s.planets, s.population, s.planets, s.population, @UpdatedAt
        FROM unnest(@GameIds::uuid[], @UserIds::uuid[], @RaceNames::text[], @Planets::integer[], @Populations::bigint[],
                    @FenceShards::integer[], @FenceEpochs::bigint[])
            AS s (game_id, user_id, race_name, planets, population, fence_shard, fence_epoch)
        WHERE EXISTS (SELECT 1 FROM games g WHERE g.id = s.game_id) AND {PostgresFencing.Check("s.fence_shard", "s.fence_epoch", membership)}
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = GREATEST(p.max_planets, excluded.current_planets),
            max_population = GREATEST(p.max_population, excluded.current_population),
            updated_at = excluded.updated_at
        RETURNING {SelectColumns}
        """;

    public async Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        (await ListManyAsync([gameId], cancellationToken))[gameId];

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        database.RetryingAsync(async (connection, token) =>
        {
            var rows = await connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(
                ListSql, new { GameIds = gameIds.Distinct().ToArray() }, cancellationToken: token));
            return RowsByGame.Group(gameIds, rows, r => r.GameId, r => r.ToStats());
        }, cancellationToken);
}
