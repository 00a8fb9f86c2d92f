using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Engines.Docker;

// Event ids of Orrery.Engines: 5001-5099 process host, 5101-5199 its manifests, 5201-5299 HTTP engine client, 5301-5399 Docker host.
internal sealed partial class DockerEngineHost
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.DockerEngineHost.Started, LogLevel.Information, "Started engine container {ContainerId} ({Name}) for game {GameId} at {Endpoint} from {Image}")]
        public static partial void Started(ILogger logger, string containerId, Guid gameId, string name, Uri endpoint, string image);

        [LoggerMessage(LogEventIds.DockerEngineHost.Stopping, LogLevel.Information, "Stopping engine container {ContainerId} of game {GameId} with a {Grace} grace period")]
        public static partial void Stopping(ILogger logger, string containerId, Guid? gameId, TimeSpan grace);

        [LoggerMessage(LogEventIds.DockerEngineHost.Removed, LogLevel.Information, "Removed engine container {ContainerId} of game {GameId}")]
        public static partial void Removed(ILogger logger, string containerId, Guid? gameId);

        [LoggerMessage(LogEventIds.DockerEngineHost.Pulling, LogLevel.Information, "Pulling image {Image} (pull policy {PullPolicy})")]
        public static partial void Pulling(ILogger logger, string image, string pullPolicy);

        [LoggerMessage(LogEventIds.DockerEngineHost.CreateWarning, LogLevel.Warning, "Docker warned while creating the engine container of game {GameId}: {Warning}")]
        public static partial void CreateWarning(ILogger logger, Guid gameId, string warning);

        [LoggerMessage(LogEventIds.DockerEngineHost.CleanupFailed, LogLevel.Warning, "Could not remove engine container {ContainerId} after its failed start: {Reason}")]
        public static partial void CleanupFailed(ILogger logger, string containerId, string reason);

        [LoggerMessage(LogEventIds.DockerEngineHost.Killed, LogLevel.Warning, "Engine container {ContainerId} of game {GameId} outlived its {Grace} grace period and was killed")]
        public static partial void Killed(ILogger logger, string containerId, Guid? gameId, TimeSpan grace);
    }
}
