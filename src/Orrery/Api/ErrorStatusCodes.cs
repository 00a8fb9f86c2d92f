using Orrery.Errors;

namespace Orrery.Api;

/// <summary>The HTTP status each error code is answered with.</summary>
public static class ErrorStatusCodes
{
    public static int For(string code) => code switch
    {
        ErrorCodes.InvalidInput or ErrorCodes.WebSocketRequired => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized or ErrorCodes.InvalidToken => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden or ErrorCodes.NotMember or ErrorCodes.WrongGame => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict or ErrorCodes.InvalidTransition or ErrorCodes.SemverPatchOnly => StatusCodes.Status409Conflict,
        ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.QueueFull => StatusCodes.Status429TooManyRequests,
        ErrorCodes.EngineUnreachable or ErrorCodes.EngineStartFailed or ErrorCodes.EngineRejectedInit or ErrorCodes.ImageUnavailable => StatusCodes.Status502BadGateway,
        // No room for another engine until one stops or the capacity is raised: the service, not the request, is short.
        ErrorCodes.ShuttingDown or ErrorCodes.EngineHostFull or ErrorCodes.NotOwner => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The code for a problem the framework wrote on its own (an unmatched route, a body Kestrel refused),
    /// so that every error body carries one.
    /// </summary>
    public static string DefaultCodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
        >= 400 and < 500 => ErrorCodes.InvalidInput,
        _ => ErrorCodes.InternalError,
    };
}
