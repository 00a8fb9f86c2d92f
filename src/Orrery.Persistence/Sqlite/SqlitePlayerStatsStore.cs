using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Players' standings in the <c>player_stats</c> table; the upsert itself folds each standing into the maxima.</summary>
internal sealed class SqlitePlayerStatsStore(SqliteDatabase database, TimeProvider time) : IPlayerStatsStore
{
    private static readonly string SelectColumns = SqlColumns.Select(null, PlayerStatsRow.Columns);

    // The maxima are folded in by the statement, against the stored row, so no read-modify-write can lose one. A
    // standing of a game that is not registered writes and returns nothing.
    private static readonly SqlitePreparedStatement<PlayerStatsRow> Upsert = new($"""
        INSERT INTO player_stats ({SqlColumns.Names(PlayerStatsRow.Columns)})
        SELECT {SqlColumns.Parameters(PlayerStatsRow.Columns)} WHERE EXISTS (SELECT 1 FROM games WHERE id = @GameId)
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = MAX(player_stats.max_planets, excluded.current_planets),
            max_population = MAX(player_stats.max_population, excluded.current_population),
            updated_at = excluded.updated_at
        RETURNING {SelectColumns}
        """, PlayerStatsRow.Columns);

    private static readonly string ListSql = $"SELECT {SelectColumns} FROM player_stats WHERE game_id = @GameId ORDER BY race_name, user_id";

    private static readonly string ListManySql =
        $"SELECT {SelectColumns} FROM player_stats WHERE game_id IN (SELECT value FROM json_each(@GameIds)) ORDER BY game_id, race_name, user_id";

    /// <summary>One transaction, one compiled upsert re-bound per standing.</summary>
    public Task<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>> RecordManyAsync(
        IReadOnlyList<(Guid GameId, IReadOnlyList<PlayerStanding> Standings)> games, CancellationToken cancellationToken)
    {
        StoreArguments.Standings(games);
        if (games.All(g => g.Standings.Count == 0))
        {
            return Task.FromResult<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>>([.. games.Select(_ => (IReadOnlyList<PlayerTurnStats>)[])]);
        }

        var now = time.GetUtcNow();
        return database.WritePreparedAsync<IReadOnlyList<IReadOnlyList<PlayerTurnStats>>>(async transaction =>
        {
            var recorded = new IReadOnlyList<PlayerTurnStats>[games.Count];
            for (var i = 0; i < games.Count; i++)
            {
                recorded[i] = await UpsertAsync(transaction, games[i].GameId, games[i].Standings, now, cancellationToken);
            }
            return recorded;
        }, cancellationToken);
    }

    /// <returns>The game's stats after the upsert, in the order of <paramref name="standings"/>; empty when the game is not registered.</returns>
    private static async Task<IReadOnlyList<PlayerTurnStats>> UpsertAsync(
        SqlitePreparedTransaction transaction, Guid gameId, IReadOnlyList<PlayerStanding> standings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stats = new List<PlayerTurnStats>(standings.Count);
        foreach (var standing in standings)
        {
            await using var reader = await transaction.QueryAsync(Upsert, PlayerStatsRow.From(gameId, standing, now), cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return []; // no such game: its first standing wrote nothing, and neither would the others
            }
            stats.Add(reader.GetRowParser<PlayerStatsRow>()(reader).ToStats());
        }
        return stats;
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
