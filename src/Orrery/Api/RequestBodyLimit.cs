using Orrery.Errors;

namespace Orrery.Api;

/// <summary>
/// Refuses a declared body over the limit before anything reads it. Kestrel's own
/// <c>MaxRequestBodySize</c> (set to the same value) still guards chunked bodies of unknown length.
/// </summary>
public static class RequestBodyLimit
{
    public const long MaxBytes = 1024 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > MaxBytes)
            {
                await ProblemResponses.WriteAsync(context, ErrorCodes.PayloadTooLarge, $"The request body is larger than the {MaxBytes / 1024 / 1024} MiB limit.");
                return;
            }
            await next(context);
        });
}
