using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Persistence.Redis;

// Event ids of Orrery.Persistence: 6001-6099 the Redis client.
public sealed partial class RedisClient
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.RedisClient.ConnectionLost, LogLevel.Warning, "Lost the connection to Redis at {Endpoint}; reconnecting")]
        public static partial void ConnectionLost(ILogger logger, string endpoint);

        [LoggerMessage(LogEventIds.RedisClient.ConnectFailed, LogLevel.Warning, "Could not connect to Redis at {Endpoint}; next attempt in {Backoff}: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string endpoint, TimeSpan backoff, string reason);

        [LoggerMessage(LogEventIds.RedisClient.Reconnected, LogLevel.Information, "Reconnected to Redis at {Endpoint}")]
        public static partial void Reconnected(ILogger logger, string endpoint);
    }
}
