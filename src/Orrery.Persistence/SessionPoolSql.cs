namespace Orrery.Persistence;

/// <summary>The statements of the session pool store, the same in both dialects (upserts by <c>ON CONFLICT</c>).</summary>
internal static class SessionPoolSql
{
    public static readonly string PoolUpsert = SqlColumns.Upsert("live_pools", TableColumns.LivePools, "node_id, pool_id");

    private static readonly string PoolSelect = $"SELECT {SqlColumns.Select(null, TableColumns.LivePools)} FROM live_pools";

    public static readonly string PoolGet = $"{PoolSelect} WHERE node_id = @NodeId AND pool_id = @PoolId";

    public static readonly string PoolList = $"{PoolSelect} WHERE node_id = @NodeId ORDER BY pool_id";

    public const string PoolDelete = "DELETE FROM live_pools WHERE node_id = @NodeId AND pool_id = @PoolId";

    public static readonly string BackupUpsert = SqlColumns.Upsert("live_session_backups", TableColumns.LiveSessionBackups, "game_id");

    public static readonly string BackupGet = $"SELECT {SqlColumns.Select(null, TableColumns.LiveSessionBackups)} FROM live_session_backups WHERE game_id = @GameId";

    public const string BackupDelete = "DELETE FROM live_session_backups WHERE game_id = @GameId";

    /// <summary>The ids of a pool's games as stored: comma-separated, in the pool's order.</summary>
    public static string GameIds(IEnumerable<Guid> games) => string.Join(",", games.Select(g => g.ToString("D")));

    public static IReadOnlyList<Guid> GameIds(string stored) =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => Guid.ParseExact(id, "D"))];
}
