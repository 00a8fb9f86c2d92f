using Orrery.Errors;

namespace Orrery.Operations;

/// <summary>One entry of the durable audit log of lifecycle operations (SPEC §2).</summary>
public sealed record Operation
{
    public required Guid Id { get; init; }
    public required Guid GameId { get; init; }
    public required OperationKind Kind { get; init; }
    public required OperationSource Source { get; init; }
    public required OperationStatus Status { get; init; }
    /// <summary>The target engine version of a patch; null for other kinds.</summary>
    public string? TargetVersion { get; init; }
    public string? ImageRef { get; init; }
    public string? EngineId { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? IdempotencyKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public bool IsFinished => Status is OperationStatus.Succeeded or OperationStatus.Failed;

    /// <summary>A request refused at intake and recorded (a refused start): failed before it ran, with the code of a refusal.</summary>
    public bool WasRefused => Status == OperationStatus.Failed && StartedAt is null && ErrorCodes.IsRefusal(ErrorCode);

    public Operation MarkRunning(DateTimeOffset now) => this with { Status = OperationStatus.Running, StartedAt = now };

    public Operation MarkSucceeded(DateTimeOffset now) =>
        this with { Status = OperationStatus.Succeeded, FinishedAt = now, ErrorCode = null, ErrorMessage = null };

    public Operation MarkFailed(string errorCode, string errorMessage, DateTimeOffset now) =>
        this with { Status = OperationStatus.Failed, FinishedAt = now, ErrorCode = errorCode, ErrorMessage = errorMessage };
}
