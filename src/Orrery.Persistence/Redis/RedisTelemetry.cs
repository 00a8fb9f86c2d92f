using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Persistence.Redis;

/// <summary>The Redis client's instruments, on Orrery's one meter.</summary>
internal static class RedisTelemetry
{
    public static readonly Counter<long> ConnectionsOpened =
        OrreryTelemetry.Meter.CreateCounter<long>("orrery.redis.connections.opened", "{connection}", "Connections opened to Redis (shared and blocking).");

    public static readonly Counter<long> ConnectFailures =
        OrreryTelemetry.Meter.CreateCounter<long>("orrery.redis.connect_failures", "{attempt}", "Connection attempts to Redis that failed.");
}
