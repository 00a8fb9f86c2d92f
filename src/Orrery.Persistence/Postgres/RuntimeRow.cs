using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>runtime_records</c>: every field of <see cref="RuntimeRecord"/>.</summary>
internal sealed class RuntimeRow : FencedRow<RuntimeRow>
{
    public static readonly string[] Columns = TableColumns.RuntimeRecords;

    public Guid GameId { get; set; }
    public string Status { get; set; } = "";
    public string? EngineId { get; set; }
    public string? ImageRef { get; set; }
    public string? EngineVersion { get; set; }
    public string? EngineEndpoint { get; set; }
    public string? StatePath { get; set; }
    public string? Network { get; set; }
    public string TurnSchedule { get; set; } = "";
    public int CurrentTurn { get; set; }
    public string? EngineHealth { get; set; }
    public bool Paused { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public bool SkipNextTick { get; set; }
    public DateTimeOffset? NextTurnAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? LastObservedAt { get; set; }
    public DateTimeOffset StatusChangedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }
    public string? LastHealthEvent { get; set; }
    public string? LastHealthEventDetails { get; set; }
    public DateTimeOffset? LastHealthEventAt { get; set; }


    public static RuntimeRow From(RuntimeRecord record) => new()
    {
        GameId = record.GameId,
        Status = Name(record.Status),
        EngineId = record.EngineId,
        ImageRef = record.ImageRef,
        EngineVersion = record.EngineVersion,
        EngineEndpoint = record.EngineEndpoint,
        StatePath = record.StatePath,
        Network = record.Network,
        TurnSchedule = record.TurnSchedule,
        CurrentTurn = record.CurrentTurn,
        EngineHealth = record.EngineHealth,
        Paused = record.Paused,
        PausedAt = Utc(record.PausedAt),
        SkipNextTick = record.SkipNextTick,
        NextTurnAt = Utc(record.NextTurnAt),
        StartedAt = Utc(record.StartedAt),
        StoppedAt = Utc(record.StoppedAt),
        FinishedAt = Utc(record.FinishedAt),
        LastObservedAt = Utc(record.LastObservedAt),
        StatusChangedAt = Utc(record.StatusChangedAt),
        UpdatedAt = Utc(record.UpdatedAt),
        Version = record.Version,
        LastHealthEvent = record.LastHealthEvent,
        LastHealthEventDetails = record.LastHealthEventDetails,
        LastHealthEventAt = Utc(record.LastHealthEventAt),
    };

    public RuntimeRecord ToRecord() => new()
    {
        GameId = GameId,
        Status = Parse<RuntimeStatus>(Status),
        EngineId = EngineId,
        ImageRef = ImageRef,
        EngineVersion = EngineVersion,
        EngineEndpoint = EngineEndpoint,
        StatePath = StatePath,
        Network = Network,
        TurnSchedule = TurnSchedule,
        CurrentTurn = CurrentTurn,
        EngineHealth = EngineHealth,
        Paused = Paused,
        PausedAt = PausedAt,
        SkipNextTick = SkipNextTick,
        NextTurnAt = NextTurnAt,
        StartedAt = StartedAt,
        StoppedAt = StoppedAt,
        FinishedAt = FinishedAt,
        LastObservedAt = LastObservedAt,
        StatusChangedAt = StatusChangedAt,
        UpdatedAt = UpdatedAt,
        Version = Version,
        LastHealthEvent = LastHealthEvent,
        LastHealthEventDetails = LastHealthEventDetails,
        LastHealthEventAt = LastHealthEventAt,
    };
}
