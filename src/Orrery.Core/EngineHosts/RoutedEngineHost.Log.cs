using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.EngineHosts;

// Event ids 1504-1519: several engine hosts.
public sealed partial class RoutedEngineHost
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.RoutedEngineHost.MemberFailed, LogLevel.Warning, "Engine host {Host} did not answer; the other hosts go on: {Reason}")]
        public static partial void MemberFailed(ILogger logger, string host, string reason);

        [LoggerMessage(LogEventIds.RoutedEngineHost.UnknownHost, LogLevel.Information, "Engine {EngineId} names an engine host this node does not drive; it is taken as gone")]
        public static partial void UnknownHost(ILogger logger, string engineId);

        [LoggerMessage(LogEventIds.RoutedEngineHost.LookupFailed, LogLevel.Warning, "Engine {EngineId} could not be looked for on engine host {Host}: {Reason}")]
        public static partial void LookupFailed(ILogger logger, string engineId, string host, string reason);

        [LoggerMessage(LogEventIds.RoutedEngineHost.WatchFailed, LogLevel.Warning, "Following the events of engine host {Host} failed; following again in {Delay}")]
        public static partial void WatchFailed(ILogger logger, string host, TimeSpan delay, Exception exception);
    }
}
