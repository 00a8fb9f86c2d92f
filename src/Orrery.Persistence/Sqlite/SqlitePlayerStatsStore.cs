using Dapper;
using Microsoft.Data.Sqlite;
using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Players' standings in the <c>player_stats</c> table; the upsert itself folds each standing into the maxima.</summary>
internal sealed class SqlitePlayerStatsStore(SqliteDatabase database, TimeProvider time) : IPlayerStatsStore
{
    private static readonly string SelectColumns = SqlColumns.Select(null, PlayerStatsRow.Columns);

    // The maxima are folded in by the statement, against the stored row, so no read-modify-write can lose one.
    private static readonly string UpsertSql = $"""
        INSERT INTO player_stats ({SqlColumns.Names(PlayerStatsRow.Columns)}) VALUES ({SqlColumns.Parameters(PlayerStatsRow.Columns)})
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = MAX(player_stats.max_planets, excluded.current_planets),
            max_population = MAX(player_stats.max_population, excluded.current_population),
            updated_at = excluded.updated_at
        RETURNING {SelectColumns}
        """;

    private static readonly string ListSql = $"SELECT {SelectColumns} FROM player_stats WHERE game_id = @GameId ORDER BY race_name, user_id";

    // Dapper expands @GameIds into one parameter per id.
    // The ids travel as one JSON array, so the statement text (and its compilation cost) does not grow with the batch.
    private static readonly string ListManySql =
        $"SELECT {SelectColumns} FROM player_stats WHERE game_id IN (SELECT value FROM json_each(@GameIds)) ORDER BY game_id, race_name, user_id";

    private const int ForeignKeyViolation = 787; // SQLITE_CONSTRAINT_FOREIGNKEY

    /// <exception cref="OrreryException"><c>not_found</c> when the game is not registered; nothing is written then.</exception>
    /// <exception cref="ArgumentException">A user appears twice.</exception>
    public async Task<IReadOnlyList<PlayerTurnStats>> RecordAsync(Guid gameId, IReadOnlyList<PlayerStanding> standings, CancellationToken cancellationToken)
    {
        if (standings.GroupBy(s => s.UserId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"User {twice.Key} has more than one standing.", nameof(standings));
        }
        if (standings.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        try
        {
            return await database.WriteInTransactionAsync<IReadOnlyList<PlayerTurnStats>>(async (connection, transaction) =>
            {
                var stats = new List<PlayerTurnStats>(standings.Count);
                foreach (var standing in standings)
                {
                    var row = await connection.QuerySingleAsync<PlayerStatsRow>(new CommandDefinition(
                        UpsertSql, PlayerStatsRow.From(gameId, standing, now), transaction, cancellationToken: cancellationToken));
                    stats.Add(row.ToStats());
                }
                return stats;
            }, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            // The first standing's insert failed and rolled the transaction back: nothing is written.
            throw OrreryException.NotFound($"Game {gameId} is not registered.");
        }
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
        database.ReadAsync<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>>(async connection =>
        {
            var stats = gameIds.Distinct().ToDictionary(id => id, _ => (IReadOnlyList<PlayerTurnStats>)[]);
            // UUID text needs no JSON escaping.
            var ids = $"[\"{string.Join("\",\"", stats.Keys.Select(SqliteValues.Text))}\"]";
            var rows = await connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(ListManySql, new { GameIds = ids }, cancellationToken: cancellationToken));
            foreach (var game in rows.GroupBy(r => r.GameId))
            {
                stats[SqliteValues.Uuid(game.Key)] = game.Select(r => r.ToStats()).ToList();
            }
            return stats;
        }, cancellationToken);
}
