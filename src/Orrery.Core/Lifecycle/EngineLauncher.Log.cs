using Microsoft.Extensions.Logging;

namespace Orrery.Lifecycle;

public sealed partial class EngineLauncher
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Game {GameId} is running engine {EngineVersion} at {Endpoint}, turn {Turn}")]
        public static partial void Started(ILogger logger, Guid gameId, string engineVersion, Uri endpoint, int turn);

        [LoggerMessage(1002, LogLevel.Warning, "Game {GameId}: the engine did not {What}: {Reason}")]
        public static partial void StartFailed(ILogger logger, Guid gameId, string what, string reason);
    }
}
