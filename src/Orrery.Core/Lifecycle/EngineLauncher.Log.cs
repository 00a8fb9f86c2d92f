using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Lifecycle;

public sealed partial class EngineLauncher
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.EngineLauncher.Started, LogLevel.Information, "Game {GameId} is running engine {EngineVersion} at {Endpoint}, turn {Turn}")]
        public static partial void Started(ILogger logger, Guid gameId, string engineVersion, Uri endpoint, int turn);

        [LoggerMessage(LogEventIds.EngineLauncher.StartFailed, LogLevel.Warning, "Game {GameId}: the engine did not {What}: {Reason}")]
        public static partial void StartFailed(ILogger logger, Guid gameId, string what, string reason);
    }
}
