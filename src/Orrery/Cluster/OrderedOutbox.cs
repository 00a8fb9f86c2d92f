using System.Threading.Channels;

namespace Orrery.Cluster;

/// <summary>
/// Items posted for one destination on another replica, sent in the order posted by one sender: in batches, a batch
/// the destination takes only in part is sent again from where it stopped, and a batch not taken after every attempt
/// is handed to <c>dropped</c>. Bounded, so a destination that is gone for long refuses posts instead of holding them.
/// </summary>
internal sealed class OrderedOutbox<T> : IAsyncDisposable
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(8);

    private readonly Channel<T> _items;
    private readonly Func<List<T>, CancellationToken, Task<int>> _deliver;
    private readonly Action<List<T>, string> _dropped;
    private readonly TimeProvider _time;
    private readonly OutboxLimits _limits;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _sender;

    /// <param name="deliver">Sends a batch; answers how many of its first items the destination took (the rest are sent again), or throws (none taken).</param>
    /// <param name="dropped">Told of a batch given up after every attempt, with the last reason.</param>
    public OrderedOutbox(
        Func<List<T>, CancellationToken, Task<int>> deliver, Action<List<T>, string> dropped, TimeProvider time, OutboxLimits limits)
    {
        _deliver = deliver;
        _dropped = dropped;
        _time = time;
        _limits = limits;
        _items = Channel.CreateBounded<T>(new BoundedChannelOptions(limits.Capacity) { SingleReader = true });
        _sender = Task.Run(SendAsync);
    }

    /// <summary>Queues <paramref name="item"/> behind those posted before; false when the outbox is full or stopped.</summary>
    public bool TryPost(T item) => _items.Writer.TryWrite(item);

    /// <summary>Stops sending: what is still queued is not delivered.</summary>
    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _sender;
        _stopping.Dispose();
    }

    private async Task SendAsync()
    {
        var batch = new List<T>(_limits.MaxBatch);
        try
        {
            while (await _items.Reader.WaitToReadAsync(_stopping.Token))
            {
                while (batch.Count < _limits.MaxBatch && _items.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                await DeliverAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the rest is not delivered.
        }
    }

    private async Task DeliverAsync(List<T> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            try
            {
                var taken = await _deliver(batch, _stopping.Token);
                batch.RemoveRange(0, Math.Clamp(taken, 0, batch.Count));
                if (batch.Count == 0)
                {
                    return;
                }
                reason = $"the destination took {taken} of {batch.Count + taken}";
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                reason = ex.Message;
            }
            if (attempt == _limits.Attempts)
            {
                _dropped([.. batch], reason);
                return;
            }
            var pause = _limits.FirstPause * Math.Pow(2, attempt - 1);
            await Task.Delay(pause < MaxPause ? pause : MaxPause, _time, _stopping.Token);
        }
    }
}

/// <summary>How much an <see cref="OrderedOutbox{T}"/> holds, sends at once, and how long it keeps trying.</summary>
/// <param name="Attempts">Attempts per batch; with pauses doubling from <paramref name="FirstPause"/> (at most 8 s each).</param>
internal sealed record OutboxLimits(int Capacity = 10_000, int MaxBatch = 256, int Attempts = 8, TimeSpan FirstPause = default)
{
    /// <summary>About 30 s of attempts per batch: past a failover's re-placement of a shard.</summary>
    public static OutboxLimits Default { get; } = new(FirstPause: TimeSpan.FromMilliseconds(250));
}
