using System.Diagnostics.Metrics;
using Orrery.Observability;

namespace Orrery.Persistence.Redis;

/// <summary>The Redis client's instruments, on the <c>Orrery</c> meter of the host's <see cref="IMeterFactory"/>.</summary>
internal sealed class RedisTelemetry
{
    public RedisTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(OrreryTelemetry.Name);
        ConnectionsOpened = meter.CreateCounter<long>("orrery.redis.connections.opened", "{connection}", "Connections opened to Redis (shared and blocking).");
        ConnectFailures = meter.CreateCounter<long>("orrery.redis.connect_failures", "{attempt}", "Connection attempts to Redis that failed.");
    }

    public Counter<long> ConnectionsOpened { get; }

    public Counter<long> ConnectFailures { get; }
}
