using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>health_snapshots</c> (its <c>seq</c> only orders the listing).</summary>
internal sealed class HealthSnapshotRow
{
    public static readonly string[] Columns = TableColumns.HealthSnapshots;

    public string Id { get; set; } = "";
    public string GameId { get; set; } = "";
    public long ObservedAt { get; set; }
    public long Turn { get; set; }
    public string Payload { get; set; } = "";

    /// <summary>The shard of the writer's fence: a parameter of fenced writes, not a column.</summary>
    public long FenceShard { get; set; }

    /// <summary>The epoch of the writer's fence: a parameter of fenced writes, not a column.</summary>
    public long FenceEpoch { get; set; }

    /// <summary>Binds <paramref name="fence"/> as the fence the write checks.</summary>
    public HealthSnapshotRow Fenced(OwnerFence fence)
    {
        FenceShard = fence.Shard;
        FenceEpoch = fence.Epoch;
        return this;
    }

    public static HealthSnapshotRow From(HealthSnapshot snapshot) => new()
    {
        Id = Text(snapshot.Id),
        GameId = Text(snapshot.GameId),
        ObservedAt = Millis(snapshot.ObservedAt),
        Turn = snapshot.Turn,
        Payload = snapshot.Payload,
    };

    public HealthSnapshot ToSnapshot() => new(Uuid(Id), Uuid(GameId), Time(ObservedAt), checked((int)Turn), Payload);
}
