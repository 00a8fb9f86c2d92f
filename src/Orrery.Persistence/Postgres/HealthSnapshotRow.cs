using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>health_snapshots</c> (its <c>seq</c> only orders the listing).</summary>
internal sealed class HealthSnapshotRow
{
    public static readonly string[] Columns = TableColumns.HealthSnapshots;

    public Guid Id { get; set; }
    public Guid GameId { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public int Turn { get; set; }
    public string Payload { get; set; } = "";

    /// <summary>The shard of the writer's fence: a parameter of fenced writes, not a column.</summary>
    public int FenceShard { get; set; }

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
        Id = snapshot.Id,
        GameId = snapshot.GameId,
        ObservedAt = Utc(snapshot.ObservedAt),
        Turn = snapshot.Turn,
        Payload = snapshot.Payload,
    };

    public HealthSnapshot ToSnapshot() => new(Id, GameId, ObservedAt, Turn, Payload);
}
