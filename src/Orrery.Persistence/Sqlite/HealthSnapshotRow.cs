using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>health_snapshots</c> (its <c>seq</c> only orders the listing).</summary>
internal sealed class HealthSnapshotRow : FencedRow<HealthSnapshotRow>
{
    public static readonly string[] Columns = TableColumns.HealthSnapshots;

    public string Id { get; set; } = "";
    public string GameId { get; set; } = "";
    public long ObservedAt { get; set; }
    public long Turn { get; set; }
    public string Payload { get; set; } = "";


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
