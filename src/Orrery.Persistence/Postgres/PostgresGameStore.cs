using Dapper;
using Npgsql;
using Orrery.Games;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

/// <summary>Games and their memberships in the <c>games</c> and <c>memberships</c> tables.</summary>
internal sealed class PostgresGameStore(PostgresDatabase database) : IGameStore
{
    // Three statements in one command: Npgsql sends them in one round trip and, outside an explicit transaction,
    // the server runs them as one implicit transaction, so a failing membership insert keeps the previous game.
    // The memberships arrive as two arrays, unnested in order: their position is the array index.
    private static readonly string UpsertSql = $"""
        {StoreSql.GameUpsert};
        DELETE FROM memberships WHERE game_id = @Id;
        INSERT INTO memberships (game_id, position, user_id, race_name)
        SELECT @Id, m.position - 1, m.user_id, m.race_name
        FROM unnest(@UserIds::uuid[], @RaceNames::text[]) WITH ORDINALITY AS m (user_id, race_name, position);
        """;

    private static readonly string SelectMembershipsSql =
        $"SELECT {SqlColumns.Select("m", MembershipRow.Columns)} FROM memberships m WHERE m.game_id = ANY(@GameIds) ORDER BY m.game_id, m.position";

    /// <remarks>Retried: a repeat writes the same game and memberships.</remarks>
    public Task UpsertAsync(Game game, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(GameRow.From(game));
        parameters.Add("UserIds", game.Memberships.Select(m => m.UserId).ToArray());
        parameters.Add("RaceNames", game.Memberships.Select(m => m.RaceName).ToArray());
        return database.RetryingAsync((connection, token) =>
            connection.ExecuteAsync(new CommandDefinition(UpsertSql, parameters, cancellationToken: token)), cancellationToken);
    }

    public Task<Game?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.RetryingAsync<Game?>(async (connection, token) =>
        {
            var rows = (await connection.QueryAsync<GameRow, MembershipRow?, (GameRow Game, MembershipRow? Membership)>(
                new CommandDefinition(StoreSql.GameWithMemberships, new { Id = gameId }, cancellationToken: token),
                (game, membership) => (game, membership),
                splitOn: nameof(MembershipRow.GameId))).AsList();
            return rows.Count == 0
                ? null
                : rows[0].Game.ToGame(rows.Where(r => r.Membership is not null).Select(r => r.Membership!.ToMembership()).ToList());
        }, cancellationToken);

    public Task<Page<GameView>> ListAsync(RuntimeStatus? status, PageRequest page, CancellationToken cancellationToken)
    {
        var sql = status is null ? StoreSql.AllGames : StoreSql.GamesByStatus;
        var parameters = new { Status = status is { } s ? PostgresValues.Name(s) : null, page.Size, page.Offset };
        return PostgresPages.ReadAsync(database, sql.Count, parameters, page, async (connection, transaction, token) =>
        {
            var rows = (await connection.QueryAsync<GameRow, RuntimeRow?, (GameRow Game, RuntimeRow? Runtime)>(
                new CommandDefinition(sql.List, parameters, transaction, cancellationToken: token),
                (game, runtime) => (game, runtime),
                splitOn: nameof(RuntimeRow.GameId))).AsList();
            var memberships = await LoadMembershipsAsync(connection, transaction, rows.Select(r => r.Game.Id).ToArray(), token);
            return rows.Select(r => new GameView(r.Game.ToGame(memberships[r.Game.Id].ToList()), r.Runtime?.ToRecord())).ToList();
        }, cancellationToken);
    }

    /// <remarks>
    /// The foreign keys cascade to memberships, the runtime record, mappings, snapshots and stats; operations
    /// have none and stay. Run once: a repeat after a lost reply would find nothing and report false.
    /// </remarks>
    public Task<bool> DeleteAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.OnceAsync(async (connection, token) =>
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM games WHERE id = @Id", new { Id = gameId }, cancellationToken: token)) > 0,
            cancellationToken);

    /// <returns>The memberships of each game, in registration order (an empty sequence for a game that has none).</returns>
    private static async Task<ILookup<Guid, Membership>> LoadMembershipsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] gameIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<MembershipRow>(new CommandDefinition(
            SelectMembershipsSql, new { GameIds = gameIds }, transaction, cancellationToken: cancellationToken));
        return rows.ToLookup(m => m.GameId, m => m.ToMembership());
    }
}
