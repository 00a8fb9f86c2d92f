using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;

namespace Orrery.Specs.Instances;

/// <summary>
/// The periodic work of spec instances on the injected clock: a transition-timeout check every
/// <see cref="SpecOptions.TimeoutCheckInterval"/>, and a prune at start and every <see cref="SpecOptions.PruneInterval"/>.
/// Overdue instances are found again after a restart, from their persisted <see cref="SpecInstance.StateChangedAt"/>.
/// </summary>
public sealed partial class SpecInstancesDriver(
    SpecInstances instances, IOptions<SpecOptions> options, TimeProvider time, ILogger<SpecInstancesDriver> logger) : BackgroundService
{
    private DateTimeOffset? _nextPrune;

    /// <summary>One pass: the timeout check, and a prune when one is due (the first pass always prunes).</summary>
    /// <returns>The number of instances pruned.</returns>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var prune = _nextPrune is null || now >= _nextPrune;
        if (prune)
        {
            _nextPrune = now + options.Value.PruneInterval;
        }
        var pruned = await instances.TickAsync(prune, cancellationToken);
        if (pruned > 0)
        {
            Log.Pruned(logger, pruned);
        }
        return pruned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TimeoutCheckInterval, time);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.TickFailed(logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.SpecInstancesDriver.Pruned, LogLevel.Information, "Pruned {Count} idle spec instances")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(LogEventIds.SpecInstancesDriver.TickFailed, LogLevel.Error, "Spec instances: a timeout check or prune failed; the next pass tries again")]
        public static partial void TickFailed(ILogger logger, Exception exception);
    }
}
