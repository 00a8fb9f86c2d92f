using Orrery.Cluster;
using Orrery.Runtime;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>runtime_records</c>: every field of <see cref="RuntimeRecord"/>.</summary>
internal sealed class RuntimeRow : FencedRow<RuntimeRow>
{
    public static readonly string[] Columns = TableColumns.RuntimeRecords;

    public string GameId { get; set; } = "";
    public string Status { get; set; } = "";
    public string? EngineId { get; set; }
    public string? ImageRef { get; set; }
    public string? EngineVersion { get; set; }
    public string? EngineEndpoint { get; set; }
    public string? StatePath { get; set; }
    public string? Network { get; set; }
    public string TurnSchedule { get; set; } = "";
    public long CurrentTurn { get; set; }
    public string? EngineHealth { get; set; }
    public long Paused { get; set; }
    public long? PausedAt { get; set; }
    public long SkipNextTick { get; set; }
    public long? NextTurnAt { get; set; }
    public long? StartedAt { get; set; }
    public long? StoppedAt { get; set; }
    public long? FinishedAt { get; set; }
    public long? LastObservedAt { get; set; }
    public long StatusChangedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long Version { get; set; }
    public string? LastHealthEvent { get; set; }
    public string? LastHealthEventDetails { get; set; }
    public long? LastHealthEventAt { get; set; }


    public static RuntimeRow From(RuntimeRecord record) => new()
    {
        GameId = Text(record.GameId),
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
        Paused = Flag(record.Paused),
        PausedAt = Millis(record.PausedAt),
        SkipNextTick = Flag(record.SkipNextTick),
        NextTurnAt = Millis(record.NextTurnAt),
        StartedAt = Millis(record.StartedAt),
        StoppedAt = Millis(record.StoppedAt),
        FinishedAt = Millis(record.FinishedAt),
        LastObservedAt = Millis(record.LastObservedAt),
        StatusChangedAt = Millis(record.StatusChangedAt),
        UpdatedAt = Millis(record.UpdatedAt),
        Version = record.Version,
        LastHealthEvent = record.LastHealthEvent,
        LastHealthEventDetails = record.LastHealthEventDetails,
        LastHealthEventAt = Millis(record.LastHealthEventAt),
    };

    public RuntimeRecord ToRecord() => new()
    {
        GameId = Uuid(GameId),
        Status = Parse<RuntimeStatus>(Status),
        EngineId = EngineId,
        ImageRef = ImageRef,
        EngineVersion = EngineVersion,
        EngineEndpoint = EngineEndpoint,
        StatePath = StatePath,
        Network = Network,
        TurnSchedule = TurnSchedule,
        CurrentTurn = checked((int)CurrentTurn),
        EngineHealth = EngineHealth,
        Paused = Flag(Paused),
        PausedAt = Time(PausedAt),
        SkipNextTick = Flag(SkipNextTick),
        NextTurnAt = Time(NextTurnAt),
        StartedAt = Time(StartedAt),
        StoppedAt = Time(StoppedAt),
        FinishedAt = Time(FinishedAt),
        LastObservedAt = Time(LastObservedAt),
        StatusChangedAt = Time(StatusChangedAt),
        UpdatedAt = Time(UpdatedAt),
        Version = Version,
        LastHealthEvent = LastHealthEvent,
        LastHealthEventDetails = LastHealthEventDetails,
        LastHealthEventAt = Time(LastHealthEventAt),
    };
}
