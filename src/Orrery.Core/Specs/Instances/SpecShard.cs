using System.Threading.Channels;
using Orrery.Cluster;
using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>
/// One shard of the instances (SPEC §9): the instances whose id routes here, held in memory, changed only by the
/// shard's one loop, which reads its queue, applies every request waiting (up to <see cref="SpecShardContext.MaxBatch"/>),
/// writes their changes in one batch, reports what they found, and only then completes them. So a synchronous call
/// returns once its change is durable, an asynchronous one costs its caller a queue write, and many callers share
/// one write. A batch the store refuses fails its requests and the shard re-reads its instances from the store.
/// In a cluster every batch carries the fence of the game shard the shard runs with: once another replica took that
/// shard, the store refuses the batch and this copy ends (its requests, and those queued after, fail <c>not_owner</c>,
/// which sends their callers to the new owner), so two replicas never both write a shard's instances.
/// </summary>
public sealed partial class SpecShard
{
    private readonly SpecShardContext _context;
    private readonly Dictionary<string, SpecInstance> _instances = new(StringComparer.Ordinal);
    /// <summary>Instances reported overdue in their current state: reported once per stay.</summary>
    private readonly HashSet<string> _overdueReported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpecInstance?> _changed = new(StringComparer.Ordinal);
    private readonly List<ModelTransition> _learned = [];
    private readonly List<Func<CancellationToken, Task>> _reports = [];
    private readonly Channel<ShardRequest> _queue = Channel.CreateUnbounded<ShardRequest>(new() { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly OwnerFence? _fence;
    private readonly Action<SpecShard> _fenceLost;
    private bool _superseded;
    private Task _loop = Task.CompletedTask;

    /// <param name="fence">The fence every batch carries; null where nothing fences (a rig, a benchmark).</param>
    /// <param name="fenceLost">Told once when the store refused the fence: this copy no longer serves the shard.</param>
    internal SpecShard(int index, int count, SpecShardContext context, OwnerFence? fence, Action<SpecShard> fenceLost)
    {
        Index = index;
        Count = count;
        _context = context;
        _fence = fence;
        _fenceLost = fenceLost;
    }

    public int Index { get; }

    /// <summary>The number of shards this one is one of.</summary>
    public int Count { get; }

    /// <summary>Requests queued and not yet taken by the loop.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>Reads the shard's instances from the store and starts its loop.</summary>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        Load(await _context.Store.ListInstancesAsync(Index, Count, cancellationToken));
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Takes no more requests, then finishes those queued (their writes included).</summary>
    /// <param name="cancellationToken">Abandons the queued requests' writes: they fail.</param>
    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(_abort.Cancel))
        {
            await _loop;
        }
        _abort.Dispose();
    }

    /// <summary>Queues <paramref name="request"/>; false when the shard has stopped.</summary>
    internal bool TryEnqueue(ShardRequest request) => _queue.Writer.TryWrite(request);

    private void Load(IReadOnlyList<SpecInstance> instances)
    {
        _instances.Clear();
        _overdueReported.Clear();
        foreach (var instance in instances)
        {
            _instances[instance.Id] = instance;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<ShardRequest>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (_superseded)
            {
                // Nothing runs against instances another replica now holds: the callers go to it.
                while (reader.TryRead(out var stale))
                {
                    stale.Complete(Superseded());
                }
                continue;
            }
            while (batch.Count < _context.MaxBatch && reader.TryRead(out var request))
            {
                request.Run(this);
                batch.Add(request);
            }
            var failure = await FlushAsync();
            await ReportAsync(failure is null);
            foreach (var request in batch)
            {
                if (!request.Awaited && (request.Error ?? failure) is { } error)
                {
                    Log.UnawaitedRequestFailed(_context.Logger, Index, request.Describe, error.Message);
                }
                request.Complete(failure);
            }
            batch.Clear();
        }
    }

    /// <returns>Null when the batch is durable (or empty); else the store's failure.</returns>
    private async Task<Exception?> FlushAsync()
    {
        if (_changed.Count == 0 && _learned.Count == 0)
        {
            return null;
        }
        var upserts = new List<SpecInstance>(_changed.Count);
        var deletes = new List<string>();
        foreach (var (id, instance) in _changed)
        {
            if (instance is null)
            {
                deletes.Add(id);
            }
            else
            {
                upserts.Add(instance);
            }
        }
        var batch = new SpecInstanceBatch(upserts, deletes, [.. _learned], _fence);
        _changed.Clear();
        _learned.Clear();
        try
        {
            await _context.Store.WriteAsync(batch, _abort.Token);
            return null;
        }
        catch (OwnershipLostException ex)
        {
            _superseded = true;
            _queue.Writer.TryComplete();
            Log.Superseded(_context.Logger, Index, ex.Shard, upserts.Count, deletes.Count);
            _fenceLost(this);
            return Superseded();
        }
        catch (Exception ex)
        {
            _context.Metrics.WriteFailures.Add(1);
            Log.WriteFailed(_context.Logger, Index, upserts.Count, deletes.Count, ex);
            await ReloadAsync();
            return ex is OrreryException ? ex : new OrreryException(ErrorCodes.InternalError, $"The store refused shard {Index}'s write: {ex.Message}", ex);
        }
    }

    private OrreryException Superseded() =>
        new(ErrorCodes.NotOwner, $"Spec instance shard {Index} moved to another replica; try again.");

    /// <summary>Back to what the store holds, after a refused batch (in memory the batch's changes were already made).</summary>
    private async Task ReloadAsync()
    {
        try
        {
            Load(await _context.Store.ListInstancesAsync(Index, Count, _abort.Token));
        }
        catch (Exception ex)
        {
            Log.ReloadFailed(_context.Logger, Index, ex);
        }
    }

    /// <param name="durable">False when the batch was refused: what it found did not happen, so it is not reported.</param>
    private async Task ReportAsync(bool durable)
    {
        if (durable)
        {
            foreach (var report in _reports)
            {
                try
                {
                    await report(_abort.Token);
                }
                catch (Exception ex)
                {
                    Log.ReportFailed(_context.Logger, Index, ex);
                }
            }
        }
        _reports.Clear();
    }
}
