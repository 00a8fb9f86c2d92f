using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Health;

public sealed partial class HealthMonitor
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.HealthMonitor.RoundFailed, LogLevel.Warning, "A health monitor round failed; the next round tries again")]
        public static partial void RoundFailed(ILogger logger, Exception exception);

        [LoggerMessage(LogEventIds.HealthMonitor.HostEvent, LogLevel.Debug, "Engine host event {Action} for game {GameId} (engine {EngineId}): inspecting it now")]
        public static partial void HostEvent(ILogger logger, string action, Guid gameId, string engineId);

        [LoggerMessage(LogEventIds.HealthMonitor.WatchFailed, LogLevel.Warning, "Watching the engine host's events failed; watching again in {Delay} (inspections go on meanwhile)")]
        public static partial void WatchFailed(ILogger logger, TimeSpan delay, Exception exception);

        [LoggerMessage(LogEventIds.HealthMonitor.InspectFailed, LogLevel.Warning, "Engine {EngineId} could not be inspected; the next round tries again: {Reason}")]
        public static partial void InspectFailed(ILogger logger, string engineId, string reason);
    }
}
