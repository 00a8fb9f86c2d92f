using Microsoft.Extensions.Logging;

namespace Orrery.Engines.Process;

internal sealed partial class EngineManifestStore
{
    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Warning, "Skipping unreadable engine manifest {Path}: {Reason}")]
        public static partial void CorruptManifest(ILogger logger, string path, string reason);
    }
}
