using Orrery.Sessions;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>live_pools</c>.</summary>
internal sealed class LivePoolRow
{
    public string NodeId { get; set; } = "";
    public string PoolId { get; set; } = "";
    public string GameIds { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public static LivePoolRow From(SessionPoolState pool) => new()
    {
        NodeId = pool.NodeId, PoolId = pool.PoolId, GameIds = SessionPoolSql.GameIds(pool.Games), UpdatedAt = Utc(pool.UpdatedAt),
    };

    public SessionPoolState ToState() => new(NodeId, PoolId, SessionPoolSql.GameIds(GameIds), UpdatedAt);
}

/// <summary>A row of <c>live_session_backups</c>.</summary>
internal sealed class LiveSessionBackupRow
{
    public Guid GameId { get; set; }
    public string NodeId { get; set; } = "";
    public string PoolId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public long Seq { get; set; }
    public int Turn { get; set; }
    public int Connections { get; set; }
    public DateTimeOffset? IdleSince { get; set; }
    public DateTimeOffset BackedUpAt { get; set; }

    public static LiveSessionBackupRow From(SessionBackup backup) => new()
    {
        GameId = backup.GameId, NodeId = backup.NodeId, PoolId = backup.PoolId, SessionId = backup.SessionId, Seq = backup.Seq,
        Turn = backup.Turn, Connections = backup.Connections, IdleSince = Utc(backup.IdleSince), BackedUpAt = Utc(backup.BackedUpAt),
    };

    public SessionBackup ToBackup() => new(GameId, NodeId, PoolId, SessionId, Seq, Turn, Connections, IdleSince, BackedUpAt);
}
