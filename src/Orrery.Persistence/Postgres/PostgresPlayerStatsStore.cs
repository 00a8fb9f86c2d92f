using Dapper;
using Npgsql;
using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Players' standings in the <c>player_stats</c> table; the upsert itself folds each standing into the maxima.</summary>
internal sealed class PostgresPlayerStatsStore(PostgresDatabase database, TimeProvider time) : IPlayerStatsStore
{
    private static readonly string SelectColumns = SqlColumns.Select(null, PlayerStatsRow.Columns);

    // Every standing in one statement, the standings as arrays, one per field. The maxima are folded in by the
    // statement, against the stored row, so no read-modify-write can lose one; and a repeat of the same
    // standings leaves the same row, so the write is retried after a transient failure.
    private static readonly string RecordSql = $"""
        INSERT INTO player_stats AS p ({SqlColumns.Names(PlayerStatsRow.Columns)})
        SELECT @GameId, s.user_id, s.race_name, s.planets, s.population, s.planets, s.population, @UpdatedAt
        FROM unnest(@UserIds::uuid[], @RaceNames::text[], @Planets::integer[], @Populations::bigint[]) AS s (user_id, race_name, planets, population)
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = GREATEST(p.max_planets, excluded.current_planets),
            max_population = GREATEST(p.max_population, excluded.current_population),
            updated_at = excluded.updated_at
        RETURNING {SelectColumns}
        """;

    // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
    private static readonly string ListSql = $"SELECT {SelectColumns} FROM player_stats WHERE game_id = ANY(@GameIds) ORDER BY game_id, race_name COLLATE \"C\", user_id";

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

        var parameters = new
        {
            GameId = gameId,
            UpdatedAt = PostgresValues.Utc(time.GetUtcNow()),
            UserIds = standings.Select(s => s.UserId).ToArray(),
            RaceNames = standings.Select(s => s.RaceName).ToArray(),
            Planets = standings.Select(s => s.Planets).ToArray(),
            Populations = standings.Select(s => s.Population).ToArray(),
        };
        try
        {
            var rows = await database.RetryingAsync((connection, token) =>
                connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(RecordSql, parameters, cancellationToken: token)), cancellationToken);
            // RETURNING follows no promised order: put the rows back in the order of the standings.
            var byUser = rows.ToDictionary(r => r.UserId);
            return standings.Select(s => byUser[s.UserId].ToStats()).ToList();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // One statement: it failed whole, nothing is written.
            throw OrreryException.NotFound($"Game {gameId} is not registered.");
        }
    }

    public async Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        (await ListManyAsync([gameId], cancellationToken))[gameId];

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        database.RetryingAsync<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerTurnStats>>>(async (connection, token) =>
        {
            var stats = gameIds.Distinct().ToDictionary(id => id, _ => (IReadOnlyList<PlayerTurnStats>)[]);
            var rows = await connection.QueryAsync<PlayerStatsRow>(new CommandDefinition(
                ListSql, new { GameIds = stats.Keys.ToArray() }, cancellationToken: token));
            foreach (var game in rows.GroupBy(r => r.GameId))
            {
                stats[game.Key] = game.Select(r => r.ToStats()).ToList();
            }
            return stats;
        }, cancellationToken);
}
