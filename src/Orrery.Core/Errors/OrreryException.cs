namespace Orrery.Errors;

/// <summary>A failure the caller can act on, carrying one of the <see cref="ErrorCodes"/>.</summary>
public sealed class OrreryException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public string Code { get; } = code;

    /// <summary>The operation the failure was recorded on, when there is one (e.g. a <c>queue_full</c> rejection).</summary>
    public Guid? OperationId { get; init; }

    public static OrreryException InvalidInput(string message) => new(ErrorCodes.InvalidInput, message);
    public static OrreryException NotFound(string message) => new(ErrorCodes.NotFound, message);
    public static OrreryException Conflict(string message) => new(ErrorCodes.Conflict, message);
    public static OrreryException InvalidTransition(string message) => new(ErrorCodes.InvalidTransition, message);
}
