using Dapper;
using Microsoft.Data.Sqlite;
using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Players' standings in the <c>player_stats</c> table; maxima are folded in by the upsert itself.</summary>
internal sealed class SqlitePlayerStatsStore(SqliteDatabase database) : IPlayerStatsStore
{
    private const string Columns = "user_id AS UserId, race_name AS RaceName, current_planets AS CurrentPlanets, " +
                                   "current_population AS CurrentPopulation, max_planets AS MaxPlanets, max_population AS MaxPopulation";

    private static readonly string UpsertSql = $"""
        INSERT INTO player_stats (game_id, user_id, race_name, current_planets, current_population, max_planets, max_population)
        VALUES (@GameId, @UserId, @RaceName, @Planets, @Population, @Planets, @Population)
        ON CONFLICT (game_id, user_id) DO UPDATE SET
            race_name = excluded.race_name,
            current_planets = excluded.current_planets,
            current_population = excluded.current_population,
            max_planets = MAX(player_stats.max_planets, excluded.current_planets),
            max_population = MAX(player_stats.max_population, excluded.current_population)
        RETURNING {Columns}
        """;

    private static readonly string ListSql = $"SELECT {Columns} FROM player_stats WHERE game_id = @GameId ORDER BY race_name, user_id";

    private const int ForeignKeyViolation = 787; // SQLITE_CONSTRAINT_FOREIGNKEY

    public async Task<IReadOnlyList<PlayerTurnStats>> RecordAsync(Guid gameId, IReadOnlyList<PlayerStanding> standings, CancellationToken cancellationToken)
    {
        if (standings.Count == 0)
        {
            return [];
        }
        try
        {
            return await database.WriteInTransactionAsync(async (connection, transaction) =>
            {
                var stats = new List<PlayerTurnStats>(standings.Count);
                foreach (var standing in standings)
                {
                    var row = await connection.QuerySingleAsync<StatsRow>(new CommandDefinition(UpsertSql, new
                    {
                        GameId = SqliteValues.Text(gameId),
                        UserId = SqliteValues.Text(standing.UserId),
                        standing.RaceName,
                        standing.Planets,
                        standing.Population,
                    }, transaction, cancellationToken: cancellationToken));
                    stats.Add(row.ToStats());
                }
                return (IReadOnlyList<PlayerTurnStats>)stats;
            }, cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == ForeignKeyViolation)
        {
            throw OrreryException.NotFound($"Game {gameId} is not registered.");
        }
    }

    public Task<IReadOnlyList<PlayerTurnStats>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<StatsRow>(new CommandDefinition(
                ListSql, new { GameId = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken));
            IReadOnlyList<PlayerTurnStats> stats = rows.Select(r => r.ToStats()).ToList();
            return stats;
        }, cancellationToken);

    private sealed record StatsRow(string UserId, string RaceName, long CurrentPlanets, long CurrentPopulation, long MaxPlanets, long MaxPopulation)
    {
        public PlayerTurnStats ToStats() =>
            new(SqliteValues.Uuid(UserId), RaceName, (int)CurrentPlanets, CurrentPopulation, (int)MaxPlanets, MaxPopulation);
    }
}
