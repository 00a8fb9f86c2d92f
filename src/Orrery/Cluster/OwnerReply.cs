using Orrery.Errors;

namespace Orrery.Cluster;

/// <summary>
/// What the owner of a game answered: a value, or the error the caller must see. Errors travel as their code and
/// message rather than as exceptions, which Orleans would carry without <see cref="OrreryException.Code"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OwnerReply<T>(
    [property: Id(0)] T? Value,
    [property: Id(1)] string? ErrorCode = null,
    [property: Id(2)] string? Message = null,
    [property: Id(3)] Guid? OperationId = null)
{
    public static OwnerReply<T> Failed(OrreryException ex) => new(default, ex.Code, ex.Message, ex.OperationId);

    public static OwnerReply<T> NotOwner(OwnershipLostException ex) => new(default, OwnershipLostException.Code, ex.Message);

    /// <summary>The value, or the error thrown here as the <see cref="OrreryException"/> the owner raised.</summary>
    public T Unwrap() => ErrorCode is null ? Value! : throw new OrreryException(ErrorCode, Message ?? ErrorCode) { OperationId = OperationId };
}
