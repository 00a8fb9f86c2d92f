using Dapper;
using Microsoft.Data.Sqlite;
using Orrery.Games;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Persistence.Sqlite;

/// <summary>Games and their memberships in the <c>games</c> and <c>memberships</c> tables (the shared statements are in <see cref="StoreSql"/>).</summary>
internal sealed class SqliteGameStore(SqliteDatabase database) : IGameStore
{
    private static readonly string InsertMembershipSql =
        $"INSERT INTO memberships ({SqlColumns.Names(MembershipRow.Columns)}) VALUES ({SqlColumns.Parameters(MembershipRow.Columns)})";

    private static readonly string SelectMembershipsSql =
        $"SELECT {SqlColumns.Select("m", MembershipRow.Columns)} FROM memberships m WHERE m.game_id IN @GameIds ORDER BY m.game_id, m.position";

    public Task UpsertAsync(Game game, CancellationToken cancellationToken) =>
        database.WriteInTransactionAsync(async (connection, transaction) =>
        {
            var row = GameRow.From(game);
            await connection.ExecuteAsync(new CommandDefinition(StoreSql.GameUpsert, row, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM memberships WHERE game_id = @Id", new { row.Id }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                InsertMembershipSql, MembershipRow.From(game), transaction, cancellationToken: cancellationToken));
            return true;
        }, cancellationToken);

    public Task<Game?> GetAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.ReadAsync<Game?>(async connection =>
        {
            var rows = (await connection.QueryAsync<GameRow, MembershipRow?, (GameRow Game, MembershipRow? Membership)>(
                new CommandDefinition(StoreSql.GameWithMemberships, new { Id = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken),
                (game, membership) => (game, membership),
                splitOn: nameof(MembershipRow.GameId))).AsList();
            return rows.Count == 0
                ? null
                : rows[0].Game.ToGame(rows.Where(r => r.Membership is not null).Select(r => r.Membership!.ToMembership()).ToList());
        }, cancellationToken);

    public Task<Page<GameView>> ListAsync(RuntimeStatus? status, PageRequest page, CancellationToken cancellationToken) =>
        database.ReadSnapshotAsync(async (connection, transaction) =>
        {
            var sql = status is null ? StoreSql.AllGames : StoreSql.GamesByStatus;
            var parameters = new { Status = status is { } s ? SqliteValues.Name(s) : null, page.Size, page.Offset };

            var rows = (await connection.QueryAsync<GameRow, RuntimeRow?, (GameRow Game, RuntimeRow? Runtime)>(
                new CommandDefinition(sql.List, parameters, transaction, cancellationToken: cancellationToken),
                (game, runtime) => (game, runtime),
                splitOn: nameof(RuntimeRow.GameId))).AsList();
            var total = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(sql.Count, parameters, transaction, cancellationToken: cancellationToken));

            var memberships = await LoadMembershipsAsync(connection, transaction, rows.Select(r => r.Game.Id).ToList(), cancellationToken);
            var items = rows.Select(r => new GameView(r.Game.ToGame(memberships[r.Game.Id].ToList()), r.Runtime?.ToRecord())).ToList();
            return new Page<GameView>(items, page.Number, page.Size, total);
        }, cancellationToken);

    /// <remarks>The foreign keys cascade to memberships, the runtime record, mappings and snapshots; operations have none and stay.</remarks>
    public Task<bool> DeleteAsync(Guid gameId, CancellationToken cancellationToken) =>
        database.WriteAsync(async connection =>
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM games WHERE id = @Id", new { Id = SqliteValues.Text(gameId) }, cancellationToken: cancellationToken)) > 0,
            cancellationToken);

    /// <returns>The memberships of each game, in registration order (an empty sequence for a game that has none).</returns>
    private static async Task<ILookup<string, Membership>> LoadMembershipsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<string> gameIds, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<MembershipRow>(new CommandDefinition(
            SelectMembershipsSql, new { GameIds = gameIds }, transaction, cancellationToken: cancellationToken));
        return rows.ToLookup(m => m.GameId, m => m.ToMembership());
    }
}
