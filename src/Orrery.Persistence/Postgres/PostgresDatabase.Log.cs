using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Persistence.Postgres;

internal sealed partial class PostgresDatabase
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.PostgresDatabase.Retrying, LogLevel.Warning, "PostgreSQL: transient failure, repeat {Attempt} in {DelayMs} ms: {Reason}")]
        public static partial void Retrying(ILogger logger, int attempt, double delayMs, string reason);
    }
}
