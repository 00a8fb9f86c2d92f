using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Engines.Process;

// Event ids of Orrery.Engines: 5001-5099 process host, 5101-5199 its manifests, 5201-5299 HTTP engine client, 5301-5399 Docker host.
internal sealed partial class ProcessEngineHost
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ProcessEngineHost.Started, LogLevel.Information, "Started engine {EngineId} for game {GameId}: pid {Pid} at {Endpoint} ({Executable})")]
        public static partial void Started(ILogger logger, string engineId, Guid gameId, int pid, Uri endpoint, string executable);

        [LoggerMessage(LogEventIds.ProcessEngineHost.Stopping, LogLevel.Information, "Stopping engine {EngineId} of game {GameId} (pid {Pid}) with a {Grace} grace period")]
        public static partial void Stopping(ILogger logger, string engineId, Guid gameId, int pid, TimeSpan grace);

        [LoggerMessage(LogEventIds.ProcessEngineHost.Killing, LogLevel.Warning, "Engine {EngineId} of game {GameId} (pid {Pid}) outlived its {Grace} grace period; killing it")]
        public static partial void Killing(ILogger logger, string engineId, Guid gameId, int pid, TimeSpan grace);

        [LoggerMessage(LogEventIds.ProcessEngineHost.Removed, LogLevel.Information, "Removed engine {EngineId} of game {GameId}")]
        public static partial void Removed(ILogger logger, string engineId, Guid gameId);
    }
}
