using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Engines.Http;

internal sealed partial class HttpEngineClient
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.HttpEngineClient.ProbeFailed, LogLevel.Debug, "Health probe of {Endpoint} failed: {Reason}")]
        public static partial void ProbeFailed(ILogger logger, Uri endpoint, string reason);

        [LoggerMessage(LogEventIds.HttpEngineClient.CallFailed, LogLevel.Debug, "Engine {What} call to {Endpoint} failed: {Reason}")]
        public static partial void CallFailed(ILogger logger, string what, Uri endpoint, string reason);
    }
}
