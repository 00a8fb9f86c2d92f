using Orrery.Errors;

namespace Orrery.Api;

/// <summary>The HTTP status each error code is answered with.</summary>
public static class ErrorStatusCodes
{
    public static int For(string code) => code switch
    {
        ErrorCodes.InvalidInput => StatusCodes.Status400BadRequest,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Conflict or ErrorCodes.InvalidTransition or ErrorCodes.SemverPatchOnly => StatusCodes.Status409Conflict,
        ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.QueueFull => StatusCodes.Status429TooManyRequests,
        ErrorCodes.EngineUnreachable or ErrorCodes.EngineStartFailed or ErrorCodes.ImageUnavailable => StatusCodes.Status502BadGateway,
        ErrorCodes.ShuttingDown => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
