using Orrery.Cluster;
using Orrery.Operations;
using static Orrery.Persistence.Sqlite.SqliteValues;

namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>operations</c> (its <c>seq</c> only orders the listings).</summary>
internal sealed class OperationRow : FencedRow<OperationRow>
{
    public static readonly string[] Columns = TableColumns.Operations;

    public static readonly string[] MutableColumns = TableColumns.OperationUpdates;

    public string Id { get; set; } = "";
    public string GameId { get; set; } = "";
    public string Op { get; set; } = "";
    public string Source { get; set; } = "";
    public string Status { get; set; } = "";
    public string? TargetVersion { get; set; }
    public string? ImageRef { get; set; }
    public string? EngineId { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? IdempotencyKey { get; set; }
    public long CreatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? FinishedAt { get; set; }


    public static OperationRow From(Operation operation) => new()
    {
        Id = Text(operation.Id),
        GameId = Text(operation.GameId),
        Op = Name(operation.Kind),
        Source = Name(operation.Source),
        Status = Name(operation.Status),
        TargetVersion = operation.TargetVersion,
        ImageRef = operation.ImageRef,
        EngineId = operation.EngineId,
        ErrorCode = operation.ErrorCode,
        ErrorMessage = operation.ErrorMessage,
        IdempotencyKey = operation.IdempotencyKey,
        CreatedAt = Millis(operation.CreatedAt),
        StartedAt = Millis(operation.StartedAt),
        FinishedAt = Millis(operation.FinishedAt),
    };

    public Operation ToOperation() => new()
    {
        Id = Uuid(Id),
        GameId = Uuid(GameId),
        Kind = Parse<OperationKind>(Op),
        Source = Parse<OperationSource>(Source),
        Status = Parse<OperationStatus>(Status),
        TargetVersion = TargetVersion,
        ImageRef = ImageRef,
        EngineId = EngineId,
        ErrorCode = ErrorCode,
        ErrorMessage = ErrorMessage,
        IdempotencyKey = IdempotencyKey,
        CreatedAt = Time(CreatedAt),
        StartedAt = Time(StartedAt),
        FinishedAt = Time(FinishedAt),
    };
}
