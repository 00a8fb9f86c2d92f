using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Player mappings in the <c>player_mappings</c> table, listed by race name.</summary>
/// <remarks>Every write is retried after a transient failure: a repeated replace or delete leaves the same rows.</remarks>
internal sealed class PostgresPlayerMappingStore(PostgresDatabase database) : IPlayerMappingStore
{
    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("p", PlayerMappingRow.Columns)} FROM player_mappings p";

    private const string DeleteSql = "DELETE FROM player_mappings WHERE game_id = @GameId";

    // Two statements in one command, one implicit transaction; the mappings arrive as arrays, one per column.
    private static readonly string ReplaceSql = $"""
        {DeleteSql};
        INSERT INTO player_mappings ({SqlColumns.Names(PlayerMappingRow.Columns)})
        SELECT @GameId, m.user_id, m.race_name, m.engine_player_id
        FROM unnest(@UserIds::uuid[], @RaceNames::text[], @EnginePlayerIds::uuid[]) AS m (user_id, race_name, engine_player_id);
        """;

    public Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken)
    {
        if (mappings.FirstOrDefault(m => m.GameId != gameId) is { } stray)
        {
            throw new ArgumentException($"Mapping of user {stray.UserId} belongs to game {stray.GameId}, not {gameId}.", nameof(mappings));
        }

        var parameters = new
        {
            GameId = gameId,
            UserIds = mappings.Select(m => m.UserId).ToArray(),
            RaceNames = mappings.Select(m => m.RaceName).ToArray(),
            EnginePlayerIds = mappings.Select(m => m.EnginePlayerId).ToArray(),
        };
        return database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(ReplaceSql, parameters, cancellationToken: token)), cancellationToken);
    }

    public Task<PlayerMapping?> GetAsync(Guid gameId, Guid userId, CancellationToken cancellationToken) =>
        database.RetryingAsync<PlayerMapping?>(async (connection, token) =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PlayerMappingRow>(new CommandDefinition(
                $"{SelectSql} WHERE p.game_id = @GameId AND p.user_id = @UserId", new { GameId = gameId, UserId = userId }, cancellationToken: token));
            return row?.ToMapping();
        }, cancellationToken);

    public async Task<IReadOnlyList<PlayerMapping>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        (await ListManyAsync([gameId], cancellationToken))[gameId];

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerMapping>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        database.RetryingAsync(async (connection, token) =>
        {
            // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
            var rows = await connection.QueryAsync<PlayerMappingRow>(new CommandDefinition(
                $"{SelectSql} WHERE p.game_id = ANY(@GameIds) ORDER BY p.game_id, p.race_name COLLATE \"C\", p.user_id",
                new { GameIds = gameIds.Distinct().ToArray() }, cancellationToken: token));
            return RowsByGame.Group(gameIds, rows, r => r.GameId, r => r.ToMapping());
        }, cancellationToken);

    public Task DeleteAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { GameId = gameId }, cancellationToken: token)), cancellationToken);
}
