using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;

namespace Orrery.Reconcile;

/// <summary>Runs a reconcile pass at start-up and then every <see cref="ReconcileOptions.Interval"/> (SPEC §7).</summary>
/// <remarks>
/// Registered after the operation workers and the turn scheduler, so the start-up pass sees operations recovered and
/// turns scheduled, and skips the games those own. A pass that fails (the host or store could not be listed) is
/// logged; the next one comes at the next interval.
/// </remarks>
public sealed partial class ReconcileLoop(
    Reconciler reconciler, TimeProvider time, IOptions<ReconcileOptions> options, ILogger<ReconcileLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            await PassAsync(stoppingToken);
        }
        while (await Tick(timer, stoppingToken));
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
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

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        try
        {
            var report = await reconciler.RunPassAsync(stoppingToken);
            Log.PassDone(logger, report.Records, report.Engines, report.Adopted.Count, report.Removed.Count, report.Refreshed.Count,
                report.Unreachable.Count, report.Missing.Count, report.Skipped.Count, report.Orphans.Count, report.Errors.Count,
                report.Duration.TotalMilliseconds);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            Log.PassFailed(logger, ex);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ReconcileLoop.PassDone, LogLevel.Information,
            "Reconcile pass: {Records} records, {Engines} engines; adopted {Adopted}, removed {Removed}, refreshed {Refreshed}, " +
            "unreachable {Unreachable}, missing {Missing}, skipped {Skipped}, orphans {Orphans}, errors {Errors} in {ElapsedMs:F0} ms")]
        public static partial void PassDone(ILogger logger, int records, int engines, int adopted, int removed, int refreshed,
            int unreachable, int missing, int skipped, int orphans, int errors, double elapsedMs);

        [LoggerMessage(LogEventIds.ReconcileLoop.PassFailed, LogLevel.Error, "Reconcile pass failed; the next one runs at the next interval")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
