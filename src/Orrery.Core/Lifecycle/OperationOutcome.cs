namespace Orrery.Lifecycle;

/// <summary>What a finished operation leaves in its log entry.</summary>
public sealed record OperationOutcome(string? ImageRef, string? EngineId)
{
    public static readonly OperationOutcome None = new(null, null);
}
