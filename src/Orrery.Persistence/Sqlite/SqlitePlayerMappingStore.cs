using Orrery.Cluster;
using Dapper;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Player mappings in the <c>player_mappings</c> table, listed by race name.</summary>
/// <remarks>Writes check the writer's fence first, inside their transaction: the write lock is held from its first statement.</remarks>
internal sealed class SqlitePlayerMappingStore(SqliteDatabase database, IOwnerFences fences) : IPlayerMappingStore
{
    private static readonly string SelectSql = $"SELECT {SqlColumns.Select("p", PlayerMappingRow.Columns)} FROM player_mappings p";

    private static readonly string InsertSql =
        $"INSERT INTO player_mappings ({SqlColumns.Names(PlayerMappingRow.Columns)}) VALUES ({SqlColumns.Parameters(PlayerMappingRow.Columns)})";

    private static readonly string ListManySql =
        $"{SelectSql} WHERE p.game_id IN (SELECT value FROM json_each(@GameIds)) ORDER BY p.game_id, p.race_name, p.user_id";

    private const string DeleteSql = "DELETE FROM player_mappings WHERE game_id = @GameId";

    public Task ReplaceAsync(Guid gameId, IReadOnlyList<PlayerMapping> mappings, CancellationToken cancellationToken)
    {
        if (mappings.FirstOrDefault(m => m.GameId != gameId) is { } stray)
        {
            throw new ArgumentException($"Mapping of user {stray.UserId} belongs to game {stray.GameId}, not {gameId}.", nameof(mappings));
        }

        var fence = fences.For(gameId);
        return database.WriteInTransactionAsync(async (connection, transaction) =>
        {
            await SqliteFencing.ThrowIfRefusedAsync(connection, transaction, fences, fence, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                DeleteSql, new { GameId = SqliteValues.Text(gameId) }, transaction, cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition(
                InsertSql, mappings.Select(PlayerMappingRow.From), transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    public Task<PlayerMapping?> GetAsync(Guid gameId, Guid userId, CancellationToken cancellationToken) =>
        database.ReadAsync<PlayerMapping?>(async connection =>
        {
            var row = await connection.QuerySingleOrDefaultAsync<PlayerMappingRow>(new CommandDefinition(
                $"{SelectSql} WHERE p.game_id = @GameId AND p.user_id = @UserId",
                new { GameId = SqliteValues.Text(gameId), UserId = SqliteValues.Text(userId) }, cancellationToken: cancellationToken));
            return row?.ToMapping();
        }, cancellationToken);

    public async Task<IReadOnlyList<PlayerMapping>> ListAsync(Guid gameId, CancellationToken cancellationToken) =>
        (await ListManyAsync([gameId], cancellationToken))[gameId];

    public Task<IReadOnlyDictionary<Guid, IReadOnlyList<PlayerMapping>>> ListManyAsync(IReadOnlyCollection<Guid> gameIds, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<PlayerMappingRow>(new CommandDefinition(
                ListManySql, new { GameIds = SqliteValues.JsonArray(gameIds.Distinct()) }, cancellationToken: cancellationToken));
            return RowsByGame.Group(gameIds, rows, r => SqliteValues.Uuid(r.GameId), r => r.ToMapping());
        }, cancellationToken);

    public Task DeleteAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var fence = fences.For(gameId);
        return database.WriteInTransactionAsync(async (connection, transaction) =>
        {
            await SqliteFencing.ThrowIfRefusedAsync(connection, transaction, fences, fence, cancellationToken);
            return await connection.ExecuteAsync(new CommandDefinition(
                DeleteSql, new { GameId = SqliteValues.Text(gameId) }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }
}
