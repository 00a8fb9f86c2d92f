using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Orrery.Streams;

/// <summary>
/// One reader per stream for the whole node: it long-polls the stream once and hands every entry to each
/// subscriber's bounded buffer, so a thousand idle followers of a stream cost one waiting read, not a thousand.
/// A stream's reader starts with its first subscriber and stops with its last.
/// </summary>
/// <remarks>
/// A subscriber whose buffer is full is dropped from the shared reader with its buffer completed (not failed): it
/// drains what it holds and reads on from its own position (<see cref="MergedStreamReader"/>), so a slow
/// subscriber neither holds the others back nor loses entries. A failed read fails every subscriber of the stream.
/// </remarks>
public sealed class StreamFanOut(IEventStream streams) : IAsyncDisposable
{
    /// <summary>Entries per read, and the entries a follower's buffer holds before it is dropped to catch up on its own.</summary>
    public const int PageSize = 200;

    internal static readonly TimeSpan PollWait = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, SharedStream> _streams = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Shared readers polling their stream now (one per stream with subscribers).</summary>
    public int RunningReaders => _streams.Values.Count(s => s.IsRunning);

    /// <summary>
    /// Adds <paramref name="subscriber"/> to the shared reader of <paramref name="stream"/>, starting the reader at the
    /// stream's newest entry if it is not running. Every entry after the returned id is offered to the subscriber.
    /// </summary>
    internal Task<StreamEntryId> JoinAsync(string stream, FanOutSubscriber subscriber, int index, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _streams.GetOrAdd(stream, name => new SharedStream(streams, name)).JoinAsync(subscriber, index, cancellationToken);
    }

    internal void Leave(string stream, FanOutSubscriber subscriber)
    {
        if (_streams.TryGetValue(stream, out var shared))
        {
            shared.Leave(subscriber);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Task.WhenAll(_streams.Values.Select(s => s.StopAsync()));
    }

    /// <summary>The reader of one stream and the subscribers it feeds.</summary>
    private sealed class SharedStream(IEventStream streams, string name)
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _starting = new(1, 1);
        private readonly Dictionary<FanOutSubscriber, int> _subscribers = [];
        private readonly List<FanOutSubscriber> _full = [];
        private StreamEntryId _position;
        private CancellationTokenSource? _run;
        private Task _loop = Task.CompletedTask;

        public bool IsRunning
        {
            get
            {
                lock (_gate)
                {
                    return _run is not null;
                }
            }
        }

        public async Task<StreamEntryId> JoinAsync(FanOutSubscriber subscriber, int index, CancellationToken cancellationToken)
        {
            if (TryJoin(subscriber, index) is { } position)
            {
                return position;
            }
            await _starting.WaitAsync(cancellationToken);
            try
            {
                if (TryJoin(subscriber, index) is { } started)
                {
                    return started;
                }
                // The stream's own newest id, not a follower's cursor: a cursor taken from a clock may lie ahead of
                // ids still to come, and a reader started there would skip them for every follower.
                var head = StreamEntryId.Parse(await streams.LastIdAsync(name, cancellationToken));
                lock (_gate)
                {
                    // Not linked to anything and without a timer, so nothing is left registered when a run ends undisposed.
                    _position = head;
                    var run = _run = new CancellationTokenSource();
                    _loop = Task.Run(() => ReadAsync(run, head));
                    _subscribers[subscriber] = index;
                    return head;
                }
            }
            finally
            {
                _starting.Release();
            }
        }

        private StreamEntryId? TryJoin(FanOutSubscriber subscriber, int index)
        {
            lock (_gate)
            {
                if (_run is null)
                {
                    return null;
                }
                _subscribers[subscriber] = index;
                return _position;
            }
        }

        public void Leave(FanOutSubscriber subscriber)
        {
            lock (_gate)
            {
                if (_subscribers.Remove(subscriber) && _subscribers.Count == 0)
                {
                    Stop();
                }
            }
        }

        public Task StopAsync()
        {
            lock (_gate)
            {
                Fail(_run, new OperationCanceledException("The node is stopping."));
                return _loop;
            }
        }

        private async Task ReadAsync(CancellationTokenSource run, StreamEntryId after)
        {
            try
            {
                while (!run.IsCancellationRequested)
                {
                    var entries = await streams.ReadAsync(name, after.ToString(), PageSize, PollWait, run.Token);
                    if (entries.Count > 0)
                    {
                        after = StreamEntryId.Parse(entries[^1].Id);
                        Deliver(run, entries);
                    }
                }
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // Stopped: the last subscriber left, or the node is stopping (StopAsync failed the subscribers).
            }
            catch (Exception ex)
            {
                // Every subscriber ends with the error: a feed that silently lost a stream would mislead.
                Fail(run, ex);
            }
        }

        private void Deliver(CancellationTokenSource run, IReadOnlyList<StreamEntry> entries)
        {
            lock (_gate)
            {
                if (_run != run)
                {
                    return;
                }
                foreach (var entry in entries)
                {
                    _position = StreamEntryId.Parse(entry.Id);
                    foreach (var (subscriber, index) in _subscribers)
                    {
                        if (!subscriber.Offer(index, entry))
                        {
                            _full.Add(subscriber);
                        }
                    }
                    foreach (var subscriber in _full)
                    {
                        _subscribers.Remove(subscriber);
                        subscriber.FellBehind();
                    }
                    _full.Clear();
                }
                if (_subscribers.Count == 0)
                {
                    Stop();
                }
            }
        }

        private void Fail(CancellationTokenSource? run, Exception error)
        {
            lock (_gate)
            {
                if (run is not null && _run == run)
                {
                    foreach (var subscriber in _subscribers.Keys)
                    {
                        subscriber.Fail(error);
                    }
                    _subscribers.Clear();
                    Stop();
                }
            }
        }

        /// <summary>Ends the current run; cancelled off this thread, so no continuation of the read runs under the lock.</summary>
        private void Stop()
        {
            _ = _run?.CancelAsync();
            _run = null;
        }
    }
}

/// <summary>
/// A follower of one or more streams through <see cref="StreamFanOut"/>: a bounded buffer of
/// <c>(stream index, entry)</c>, completed when the follower fell behind, failed when a stream's read failed.
/// </summary>
internal sealed class FanOutSubscriber
{
    private readonly Channel<(int Index, StreamEntry Entry)> _buffer;

    public FanOutSubscriber(int capacity) =>
        _buffer = Channel.CreateBounded<(int, StreamEntry)>(new BoundedChannelOptions(capacity) { SingleReader = true });

    public ChannelReader<(int Index, StreamEntry Entry)> Entries => _buffer.Reader;

    /// <returns>False when the buffer is full (or already completed): the subscriber must leave every shared reader.</returns>
    public bool Offer(int index, StreamEntry entry) => _buffer.Writer.TryWrite((index, entry));

    public void FellBehind() => _buffer.Writer.TryComplete();

    public void Fail(Exception error) => _buffer.Writer.TryComplete(error);
}
