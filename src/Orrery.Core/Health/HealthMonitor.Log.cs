using Microsoft.Extensions.Logging;

namespace Orrery.Health;

public sealed partial class HealthMonitor
{
    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Warning, "A health monitor round failed; the next round tries again")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(5102, LogLevel.Debug, "Engine host event {Action} for game {GameId} (engine {EngineId}): inspecting it now")]
        public static partial void HostEvent(ILogger logger, string action, Guid gameId, string engineId);

        [LoggerMessage(5103, LogLevel.Warning, "Watching the engine host's events failed; watching again in {Delay} (inspections go on meanwhile)")]
        public static partial void WatchFailed(ILogger logger, TimeSpan delay, Exception exception);

        [LoggerMessage(5104, LogLevel.Warning, "Engine {EngineId} could not be inspected; the next round tries again: {Reason}")]
        public static partial void InspectFailed(ILogger logger, string engineId, string reason);
    }
}
