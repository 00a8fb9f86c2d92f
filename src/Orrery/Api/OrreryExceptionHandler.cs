using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Observability;

namespace Orrery.Api;

/// <summary>
/// Turns every failure into problem+json with an error code: domain errors keep theirs, malformed
/// requests become <c>invalid_input</c> (or <c>payload_too_large</c>), and anything unexpected is an
/// <c>internal_error</c> whose details stay in the log.
/// </summary>
internal sealed partial class OrreryExceptionHandler(IOptions<LifecycleOptions> lifecycle, ILogger<OrreryExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (code, detail, operationId) = exception switch
        {
            OrreryException e => (e.Code, e.Message, e.OperationId),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (ErrorCodes.PayloadTooLarge, "The request body is larger than the 1 MiB limit.", null),
            BadHttpRequestException e => (ErrorCodes.InvalidInput, Describe(e), (Guid?)null),
            JsonException e => (ErrorCodes.InvalidInput, $"The request body is not valid JSON: {e.Message}", null),
            _ => (ErrorCodes.InternalError, "An unexpected error occurred; it has been logged.", null),
        };

        if (code == ErrorCodes.InternalError)
        {
            Log.Unhandled(logger, context.Request.Method, context.Request.Path, exception);
        }
        if (code == ErrorCodes.QueueFull)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(lifecycle.Value.QueueFullRetryAfter.TotalSeconds)).ToString();
        }

        await ProblemResponses.WriteAsync(context, code, detail, operationId);
        return true;
    }

    // Binding failures wrap the JSON error; its message says which field and where.
    private static string Describe(BadHttpRequestException e) =>
        e.InnerException is JsonException json ? $"The request body is not valid JSON: {json.Message}" : e.Message;

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.OrreryExceptionHandler.Unhandled, LogLevel.Error, "Unhandled error on {Method} {Path}")]
        public static partial void Unhandled(ILogger logger, string method, PathString path, Exception exception);
    }
}
