using Dapper;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Player mappings in the <c>player_mappings</c> table, listed by race name.</summary>
/// <remarks>Every write is retried after a transient failure: a repeated replace or delete leaves the same rows.</remarks>
internal sealed class PostgresPlayerMappingStore(PostgresDatabase database, IOwnerFences fences) : IPlayerMappingStore
{
    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("p", PlayerMappingRow.Columns)} FROM player_mappings p";

    private static readonly (string Epoch, string Membership) DeleteSql = (Delete(membership: false), Delete(membership: true));

    private static readonly (string Epoch, string Membership) ReplaceSql = (Replace(membership: false), Replace(membership: true));

    public Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken)
    {
        if (mappings.FirstOrDefault(m => m.GameId != gameId) is { } stray)
        {
            throw new ArgumentException($"Mapping of user {stray.UserId} belongs to game {stray.GameId}, not {gameId}.", nameof(mappings));
        }

        var fence = fences.For(gameId);
        var parameters = new
        {
            GameId = gameId,
            UserIds = mappings.Select(m => m.UserId).ToArray(),
            RaceNames = mappings.Select(m => m.RaceName).ToArray(),
            EnginePlayerIds = mappings.Select(m => m.EnginePlayerId).ToArray(),
            FenceShard = fence.Shard,
            FenceEpoch = fence.Epoch,
        };
        var sql = database.FenceOnMembership ? ReplaceSql.Membership : ReplaceSql.Epoch;
        return PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: token)), cancellationToken));
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

    public Task DeleteAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var fence = fences.For(gameId);
        var sql = database.FenceOnMembership ? DeleteSql.Membership : DeleteSql.Epoch;
        return PostgresFencing.GuardAsync(fences, [fence], () => database.RetryingAsync((connection, token) => connection.ExecuteAsync(
            new CommandDefinition(sql, new { GameId = gameId, FenceShard = fence.Shard, FenceEpoch = fence.Epoch }, cancellationToken: token)), cancellationToken));
    }

    // The fence is checked by each statement that changes rows: a write that changes none needs no proof.
    private static string Delete(bool membership) =>
        $"DELETE FROM player_mappings WHERE game_id = @GameId AND {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership)}";

    // Two statements in one command, one implicit transaction; the mappings arrive as arrays, one per column.
    private static string Replace(bool membership) => $"""
        {Delete(membership)};
        INSERT INTO player_mappings ({SqlColumns.Names(PlayerMappingRow.Columns)})
        SELECT @GameId, m.user_id, m.race_name, m.engine_player_id
        FROM unnest(@UserIds::uuid[], @RaceNames::text[], @EnginePlayerIds::uuid[]) AS m (user_id, race_name, engine_player_id)
        WHERE {PostgresFencing.Check("@FenceShard", "@FenceEpoch", membership)};
        """;
}
