using Orrery.Engines;

namespace Orrery.Health;

// The host's event stream (Docker's die/oom/destroy), so an exit is inspected within a second (SPEC §6).
public sealed partial class HealthMonitor
{
    private static readonly TimeSpan MinWatchRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWatchRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Follows the host's events for as long as the node runs, watching again after each interruption.</summary>
    private async Task WatchHostEventsAsync(IEngineEventSource source, CancellationToken stoppingToken)
    {
        var delay = MinWatchRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in source.WatchAsync(stoppingToken))
                {
                    if (ownership?.Owns(change.GameId) == false)
                    {
                        continue; // every replica sees the daemon's events; the game's owner reports them
                    }
                    Log.HostEvent(logger, change.Action, change.GameId, change.EngineId);
                    await InspectNowAsync(change.GameId, change.EngineId, stoppingToken);
                    delay = MinWatchRetryDelay;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WatchFailed(logger, delay, ex);
            }
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxWatchRetryDelay.Ticks));
        }
    }
}
