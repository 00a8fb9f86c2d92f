using Microsoft.Extensions.Logging;

namespace Orrery.Specs.Instances;

public sealed partial class SpecShard
{
    private static partial class Log
    {
        [LoggerMessage(9121, LogLevel.Warning, "Spec shard {Shard}: {Request} (not awaited) failed: {Reason}")]
        public static partial void UnawaitedRequestFailed(ILogger logger, int shard, string request, string reason);

        [LoggerMessage(9122, LogLevel.Error, "Spec shard {Shard}: the store refused a batch of {Upserts} changed and {Deletes} deleted instances; re-reading the shard")]
        public static partial void WriteFailed(ILogger logger, int shard, int upserts, int deletes, Exception exception);

        [LoggerMessage(9123, LogLevel.Error, "Spec shard {Shard}: its instances could not be re-read; it keeps what it holds in memory")]
        public static partial void ReloadFailed(ILogger logger, int shard, Exception exception);

        [LoggerMessage(9161, LogLevel.Warning, "Spec shard {Shard}: the store refused the fence of game shard {GameShard} (another replica took it); this copy ends, {Upserts} changed and {Deletes} deleted instances not written")]
        public static partial void Superseded(ILogger logger, int shard, int gameShard, int upserts, int deletes);

        [LoggerMessage(9124, LogLevel.Error, "Spec shard {Shard}: a report failed")]
        public static partial void ReportFailed(ILogger logger, int shard, Exception exception);
    }
}
