namespace Orrery.Scheduling;

/// <summary>
/// Writes items in batches without waiting for a batch to fill (group commit): a caller that finds no batch
/// being written writes its item, and everything queued while a batch is written goes in the next one. Under
/// no load each item is its own batch; under a burst the store sees a few large writes instead of many small ones.
/// </summary>
/// <remarks>Writes run with no cancellation: what they record must not be left half done by a stopping node.</remarks>
internal sealed class GroupCommit<TItem, TResult>(Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TResult>>> write)
{
    private readonly Lock _gate = new();
    private List<(TItem Item, TaskCompletionSource<TResult> Done)> _queued = [];
    private bool _writing;

    public Task<TResult> WriteAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_gate)
        {
            _queued.Add((item, done));
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
                batch = _queued;
                _queued = [];
            }
            try
            {
                var results = await write([.. batch.Select(b => b.Item)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                batch.ForEach(b => b.Done.SetException(ex));
            }
        }
    }
}
