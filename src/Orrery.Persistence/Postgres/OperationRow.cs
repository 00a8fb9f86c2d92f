using Orrery.Cluster;
using Orrery.Operations;
using static Orrery.Persistence.Postgres.PostgresValues;

namespace Orrery.Persistence.Postgres;

/// <summary>A row of <c>operations</c> (its <c>seq</c> only orders the listings).</summary>
internal sealed class OperationRow : FencedRow<OperationRow>
{
    public static readonly string[] Columns = TableColumns.Operations;

    public static readonly string[] MutableColumns = TableColumns.OperationUpdates;

    public Guid Id { get; set; }
    public Guid GameId { get; set; }
    public string Op { get; set; } = "";
    public string Source { get; set; } = "";
    public string Status { get; set; } = "";
    public string? TargetVersion { get; set; }
    public string? ImageRef { get; set; }
    public string? EngineId { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }


    public static OperationRow From(Operation operation) => new()
    {
        Id = operation.Id,
        GameId = operation.GameId,
        Op = Name(operation.Kind),
        Source = Name(operation.Source),
        Status = Name(operation.Status),
        TargetVersion = operation.TargetVersion,
        ImageRef = operation.ImageRef,
        EngineId = operation.EngineId,
        ErrorCode = operation.ErrorCode,
        ErrorMessage = operation.ErrorMessage,
        IdempotencyKey = operation.IdempotencyKey,
        CreatedAt = Utc(operation.CreatedAt),
        StartedAt = Utc(operation.StartedAt),
        FinishedAt = Utc(operation.FinishedAt),
    };

    public Operation ToOperation() => new()
    {
        Id = Id,
        GameId = GameId,
        Kind = Parse<OperationKind>(Op),
        Source = Parse<OperationSource>(Source),
        Status = Parse<OperationStatus>(Status),
        TargetVersion = TargetVersion,
        ImageRef = ImageRef,
        EngineId = EngineId,
        ErrorCode = ErrorCode,
        ErrorMessage = ErrorMessage,
        IdempotencyKey = IdempotencyKey,
        CreatedAt = CreatedAt,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
    };
}
