using Microsoft.Extensions.Logging;

namespace Orrery.Engines.Http;

internal sealed partial class HttpEngineClient
{
    private static partial class Log
    {
        [LoggerMessage(5201, LogLevel.Debug, "Health probe of {Endpoint} failed: {Reason}")]
        public static partial void ProbeFailed(ILogger logger, Uri endpoint, string reason);

        [LoggerMessage(5202, LogLevel.Debug, "Engine {What} call to {Endpoint} failed: {Reason}")]
        public static partial void CallFailed(ILogger logger, string what, Uri endpoint, string reason);
    }
}
