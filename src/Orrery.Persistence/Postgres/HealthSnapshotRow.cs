using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>health_snapshots</c> (its <c>seq</c> only orders the listing).</summary>
internal sealed class HealthSnapshotRow : FencedRow<HealthSnapshotRow>
{
    public static readonly string[] Columns = TableColumns.HealthSnapshots;

    public Guid Id { get; set; }
    public Guid GameId { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public int Turn { get; set; }
    public string Payload { get; set; } = "";


    public static HealthSnapshotRow From(HealthSnapshot snapshot) => new()
    {
        Id = snapshot.Id,
        GameId = snapshot.GameId,
        ObservedAt = Utc(snapshot.ObservedAt),
        Turn = snapshot.Turn,
        Payload = snapshot.Payload,
    };

    public HealthSnapshot ToSnapshot() => new(Id, GameId, ObservedAt, Turn, Payload);
}
