using Microsoft.Extensions.Logging;

namespace Orrery.Persistence.Redis;

// Event ids of Orrery.Persistence: 6001-6099 the Redis client.
public sealed partial class RedisClient
{
    private static partial class Log
    {
        [LoggerMessage(6001, LogLevel.Warning, "Lost the connection to Redis at {Endpoint}; reconnecting")]
        public static partial void ConnectionLost(ILogger logger, string endpoint);

        [LoggerMessage(6002, LogLevel.Warning, "Could not connect to Redis at {Endpoint}; next attempt in {Backoff}: {Reason}")]
        public static partial void ConnectFailed(ILogger logger, string endpoint, TimeSpan backoff, string reason);

        [LoggerMessage(6003, LogLevel.Information, "Reconnected to Redis at {Endpoint}")]
        public static partial void Reconnected(ILogger logger, string endpoint);
    }
}
