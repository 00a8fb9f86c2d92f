using Orrery.Sessions;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>live_pools</c> in SQLite's storage types.</summary>
internal sealed class LivePoolRow
{
    public string NodeId { get; set; } = "";
    public string PoolId { get; set; } = "";
    public string GameIds { get; set; } = "";
    public long UpdatedAt { get; set; }

    public static LivePoolRow From(SessionPoolState pool) => new()
    {
        NodeId = pool.NodeId, PoolId = pool.PoolId, GameIds = SessionPoolSql.GameIds(pool.Games), UpdatedAt = Millis(pool.UpdatedAt),
    };

    public SessionPoolState ToState() => new(NodeId, PoolId, SessionPoolSql.GameIds(GameIds), Time(UpdatedAt));
}

/// <summary>A row of <c>live_session_backups</c> in SQLite's storage types.</summary>
internal sealed class LiveSessionBackupRow
{
    public string GameId { get; set; } = "";
    public string NodeId { get; set; } = "";
    public string PoolId { get; set; } = "";
    public string SessionId { get; set; } = "";
    public long Seq { get; set; }
    public long Turn { get; set; }
    public long Connections { get; set; }
    public long? IdleSince { get; set; }
    public long BackedUpAt { get; set; }

    public static LiveSessionBackupRow From(SessionBackup backup) => new()
    {
        GameId = Text(backup.GameId), NodeId = backup.NodeId, PoolId = backup.PoolId, SessionId = backup.SessionId, Seq = backup.Seq,
        Turn = backup.Turn, Connections = backup.Connections, IdleSince = Millis(backup.IdleSince), BackedUpAt = Millis(backup.BackedUpAt),
    };

    public SessionBackup ToBackup() =>
        new(Uuid(GameId), NodeId, PoolId, SessionId, Seq, checked((int)Turn), checked((int)Connections), Time(IdleSince), Time(BackedUpAt));
}
