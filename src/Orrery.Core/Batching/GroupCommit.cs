namespace Orrery.Batching;

/// <summary>
/// Writes items in batches without waiting for a batch to fill (group commit): a caller that finds no batch
/// being written writes its item, and everything queued while a batch is written goes in the next one, up to
/// <c>maxBatch</c> items. Under no load each item is its own batch; under a burst the store sees a few large
/// writes instead of many small ones.
/// </summary>
/// <remarks>
/// <para>Writes run with no cancellation: what they record must not be left half done by a stopping node.</para>
/// <para>
/// A batch that fails is written again one item at a time, so one bad item (a game deleted meanwhile, a row the
/// store refuses) fails only its own caller. <c>write</c> must therefore be safe to repeat for an item whose batch
/// failed part way. When the store itself is down, every item of the batch fails with its own attempt's error.
/// </para>
/// </remarks>
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write, int maxBatch = int.MaxValue)
{
    private readonly int _maxBatch = maxBatch >= 1 ? maxBatch : throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "A batch holds at least one item.");
    private readonly Lock _gate = new();
    private readonly Queue<(TItem Item, TaskCompletionSource<TResult> Done)> _queued = [];
    private bool _writing;

    public Task<TResult> WriteAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_gate)
        {
            _queued.Enqueue((item, done));
            lead = !_writing;
            _writing = true;
        }
        if (lead)
        {
            _ = DrainAsync();
        }
        return done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(TItem Item, TaskCompletionSource<TResult> Done)> batch;
            lock (_gate)
            {
                if (_queued.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = new List<(TItem, TaskCompletionSource<TResult>)>(Math.Min(_queued.Count, _maxBatch));
                while (batch.Count < _maxBatch && _queued.TryDequeue(out var queued))
                {
                    batch.Add(queued);
                }
            }
            await WriteBatchAsync(batch);
        }
    }

    private async Task WriteBatchAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        try
        {
            var results = await write([.. batch.Select(b => b.Item)]);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.SetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count == 1)
        {
            batch[0].Done.SetException(ex);
        }
        catch (Exception)
        {
            // One bad item must not fail the others: each is written again on its own.
            foreach (var single in batch)
            {
                await WriteBatchAsync([single]);
            }
        }
    }
}
