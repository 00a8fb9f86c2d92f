namespace Orrery.Persistence.Sqlite;

/// <summary>
/// In-process wake-ups of readers waiting on a stream: an append pulses its stream and every reader waiting on
/// it queries again at once. Appends of another process on the same file reach no signal; readers poll for those.
/// </summary>
/// <remarks>
/// A stream's signal exists only while someone waits on it: the API lets a viewer wait on any stream name, so
/// signals that outlived their readers would pile up for names nobody appends to.
/// </remarks>
internal sealed class StreamAppendSignals
{
    private readonly Dictionary<string, Signal> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many streams have a reader waiting on them now.</summary>
    public int WaitedOn
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// Starts waiting for the next append to <paramref name="stream"/>. Call it before querying the stream, so an
    /// append between the query and the wait still completes <see cref="Subscription.Appended"/>; dispose it after.
    /// </summary>
    public Subscription Subscribe(string stream)
    {
        lock (_lock)
        {
            if (!_waiting.TryGetValue(stream, out var signal))
            {
                _waiting[stream] = signal = new Signal();
            }
            signal.Readers++;
            return new Subscription(this, stream, signal);
        }
    }

    /// <summary>Wakes every reader waiting on <paramref name="stream"/>; called once the append is committed, so they find it.</summary>
    public void Pulse(string stream)
    {
        Signal? signal;
        lock (_lock)
        {
            if (!_waiting.Remove(stream, out signal))
            {
                return;
            }
        }
        signal.Appended.TrySetResult();
    }

    private void Unsubscribe(string stream, Signal signal)
    {
        lock (_lock)
        {
            // A pulse already removed it when the current signal is another one (or none).
            if (--signal.Readers == 0 && _waiting.TryGetValue(stream, out var current) && current == signal)
            {
                _waiting.Remove(stream);
            }
        }
    }

    /// <summary>Completes at the next append to the stream, in this process.</summary>
    internal sealed class Subscription(StreamAppendSignals owner, string stream, Signal signal) : IDisposable
    {
        private int _disposed;

        public Task Appended => signal.Appended.Task;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(stream, signal);
            }
        }
    }

    internal sealed class Signal
    {
        // Continuations run on the pool, not inline on the appender's thread.
        public TaskCompletionSource Appended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Readers { get; set; }
    }
}
