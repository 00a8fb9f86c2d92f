using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Lifecycle.Handlers;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// The worker pool: <see cref="LifecycleOptions.Workers"/> loops over the <see cref="OperationQueue"/>. When the node
/// takes shards it settles what their previous owner left unfinished (queued work is queued again in order,
/// interrupted starts and stops are run again, other interrupted work is failed as <c>interrupted</c>); when it gives
/// shards up, their waiting operations stay queued in the store for the next owner and their running ones finish. When the node
/// stops it takes no new work and gives the operations in flight <see cref="LifecycleOptions.ShutdownDrain"/>
/// to finish, while the API still answers (<c>shutting_down</c>).
/// </summary>
public sealed partial class OperationWorkers(
    OperationQueue queue,
    OperationRunner runner,
    OperationHandlers handlers,
    LifecycleService lifecycle,
    IOperationStore operations,
    OperationJournal journal,
    OrreryMetrics metrics,
    TimeProvider time,
    IOptions<LifecycleOptions> options,
    ILogger<OperationWorkers> logger) : BackgroundService, IHostedLifecycleService, IShardParticipant
{
    /// <summary>How long giving up a shard waits for its games' running operations.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(30);

    /// <summary>Cancelled when the node begins to stop: workers take no new operation.</summary>
    private readonly CancellationTokenSource _intake = new();

    /// <summary>Cancelled when the drain deadline passes: operations in flight are abandoned to recovery.</summary>
    private readonly CancellationTokenSource _abort = new();

    /// <summary>Recovers the shards' unfinished operations before the shards serve, so they keep their place ahead of new requests.</summary>
    public Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken) => RecoverAsync(shards.Holds, cancellationToken);

    /// <summary>
    /// Takes the shards' waiting operations off the queue (they stay <c>queued</c> in the store: the next owner runs them)
    /// and waits a while for their running ones, whose writes are refused from now on if they outlast the hand-over.
    /// </summary>
    public async Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken)
    {
        var running = queue.Withdraw(shards.Holds);
        await Task.WhenAll(running).WaitAsync(ReleaseWait, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var intake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _intake.Token);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, _abort.Token);
        var loops = Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => RunLoopAsync(intake.Token, abort.Token));
        await Task.WhenAll(loops);
    }

    /// <summary>Settles the operations of the games <paramref name="owned"/> holds that a previous owner left unfinished (SPEC §4: none stays unfinished).</summary>
    public async Task RecoverAsync(Func<Guid, bool> owned, CancellationToken cancellationToken)
    {
        foreach (var operation in await operations.ListUnfinishedAsync(cancellationToken))
        {
            if (!owned(operation.GameId) || queue.Holds(operation.Id))
            {
                continue; // another node's, or already queued here
            }
            // Restart and patch replace an engine mid-game, and running one again from an unknown point could lose the
            // game's place, so they are reported instead (IOperationHandler.SafeToRunAgain).
            var resumable = operation.Status == OperationStatus.Queued || handlers.IsSafeToRunAgain(operation.Kind);
            if (resumable && queue.TryEnqueue(operation, ignoreCapacity: true))
            {
                if (operation.Status == OperationStatus.Queued)
                {
                    Log.Requeued(logger, operation.Id, operation.GameId);
                    Recovered(operation, "requeued");
                }
                else
                {
                    Log.Resumed(logger, operation.Id, WireNames<OperationKind>.Name(operation.Kind), operation.GameId);
                    Recovered(operation, "resumed");
                }
                continue;
            }

            await journal.FailAsync(operation, ErrorCodes.Interrupted,
                $"The node stopped while this {WireNames<OperationKind>.Name(operation.Kind)} was running; it is not run again because " +
                "its engine may be half replaced. Check the game and request it again if needed.");
            Log.Interrupted(logger, operation.Id, operation.GameId);
            Recovered(operation, "interrupted");
        }
    }

    private void Recovered(Operation operation, string outcome) =>
        metrics.OperationsRecovered.Add(1, new TagList { { "op", WireNames<OperationKind>.Name(operation.Kind) }, { "outcome", outcome } });

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs before any service stops, the web server included: new requests get <c>shutting_down</c> while the
    /// operations in flight finish. Those still running at the deadline stay <c>running</c> for recovery, and
    /// queued ones stay <c>queued</c>; engines are left running either way.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifecycle.StopAccepting();
        await _intake.CancelAsync();
        if (ExecuteTask is { IsCompleted: false } workers)
        {
            var deadline = options.Value.ShutdownDrain;
            try
            {
                await workers.WaitAsync(deadline, time, cancellationToken);
                Log.Drained(logger);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                Log.DrainDeadlinePassed(logger, deadline, queue.Depth);
            }
        }
        await _abort.CancelAsync();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Dispose()
    {
        _intake.Dispose();
        _abort.Dispose();
        base.Dispose();
    }

    private async Task RunLoopAsync(CancellationToken intake, CancellationToken abort)
    {
        while (!intake.IsCancellationRequested)
        {
            Operation operation;
            try
            {
                operation = await queue.DequeueAsync(intake);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await runner.RunAsync(operation, abort);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // Left running: the next start of the node resumes or reports it.
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
