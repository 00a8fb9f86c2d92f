using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Sessions;

/// <summary>
/// Drives the pools' periodic work (<see cref="LiveSessions.TickAsync"/>) every second on the injected clock, and
/// stops every session when the node stops (connections closed with 1001, pool state deleted).
/// </summary>
public sealed partial class LiveSessionsDriver(LiveSessions sessions, TimeProvider time, ILogger<LiveSessionsDriver> logger) : BackgroundService
{
    /// <summary>The idle GC's resolution: the backup and cleanup intervals are counted from these ticks.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TickInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sessions.TickAsync(time.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Log.TickFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await sessions.StopAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.LiveSessionsDriver.TickFailed, LogLevel.Error, "Live sessions: the periodic pass failed; the next tick tries again")]
        public static partial void TickFailed(ILogger logger, Exception exception);
    }
}
