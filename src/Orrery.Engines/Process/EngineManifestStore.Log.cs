using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Engines.Process;

internal sealed partial class EngineManifestStore
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.EngineManifestStore.CorruptManifest, LogLevel.Warning, "Skipping unreadable engine manifest {Path}: {Reason}")]
        public static partial void CorruptManifest(ILogger logger, string path, string reason);
    }
}
