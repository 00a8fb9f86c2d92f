using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// The worker pool. At start it settles what a previous run left unfinished (queued work is queued
/// again in order; work that was running is failed as <c>interrupted</c>), then runs
/// <see cref="LifecycleOptions.Workers"/> loops over the <see cref="OperationQueue"/>.
/// </summary>
public sealed partial class OperationWorkers(
    OperationQueue queue,
    OperationRunner runner,
    IOperationStore operations,
    OperationJournal journal,
    IOptions<LifecycleOptions> options,
    ILogger<OperationWorkers> logger) : BackgroundService
{
    /// <summary>Recovers before the node serves, so recovered work keeps its place ahead of new requests.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RecoverAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RunLoopAsync(stoppingToken));
        await Task.WhenAll(loops);
    }

    /// <summary>Settles operations left unfinished by a previous run of the node.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var operation in await operations.ListUnfinishedAsync(cancellationToken))
        {
            if (operation.Status == OperationStatus.Queued && queue.TryEnqueue(operation, ignoreCapacity: true))
            {
                Log.Requeued(logger, operation.Id, operation.GameId);
                continue;
            }

            // A half-done operation is not re-run blindly: its effects may be partly applied.
            await journal.FailAsync(operation, ErrorCodes.Interrupted, "The node stopped while this operation was running.");
            Log.Interrupted(logger, operation.Id, operation.GameId);
        }
    }

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Operation operation;
            try
            {
                operation = await queue.DequeueAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await runner.RunAsync(operation, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The runner records failures itself; reaching here means the store is failing. Keep serving.
                Log.WorkerFailed(logger, operation.Id, ex);
            }
            finally
            {
                queue.Complete(operation);
            }
        }
    }
}
