using System.Collections.Concurrent;
using Orrery.Streams;

namespace Orrery.Benchmarks.InMemory;

/// <summary>Streams as in-memory queues with Redis-shaped ids and the same retention; reads never wait.</summary>
internal sealed class InMemoryEventStream(TimeProvider time) : IEventStream
{
    private readonly ConcurrentDictionary<string, Log> _streams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Stream, string Consumer), string> _offsets = new();

    public Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken)
    {
        var log = _streams.GetOrAdd(stream, _ => new Log());
        lock (log)
        {
            log.Last = StreamEntryId.Next(log.Last, time.GetUtcNow().ToUnixTimeMilliseconds());
            log.Entries.Enqueue(new StreamEntry(log.Last.ToString(), fields));
            while (maxLength is { } max && log.Entries.Count > max)
            {
                log.Entries.Dequeue();
            }
            return Task.FromResult(log.Last.ToString());
        }
    }

    public Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        var after = StreamEntryId.Parse(afterId);
        var log = _streams.GetOrAdd(stream, _ => new Log());
        lock (log)
        {
            return Task.FromResult<IReadOnlyList<StreamEntry>>([.. log.Entries.Where(e => StreamEntryId.Parse(e.Id) > after).Take(count)]);
        }
    }

    public Task<string> LastIdAsync(string stream, CancellationToken cancellationToken)
    {
        var log = _streams.GetOrAdd(stream, _ => new Log());
        lock (log)
        {
            return Task.FromResult(log.Last.ToString());
        }
    }

    public Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken) =>
        Task.FromResult(_offsets.GetValueOrDefault((stream, consumer)) ?? StreamEntryId.Zero.ToString());

    public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken)
    {
        _offsets[(stream, consumer)] = entryId;
        return Task.CompletedTask;
    }

    private sealed class Log
    {
        public StreamEntryId Last { get; set; } = StreamEntryId.Zero;
        public Queue<StreamEntry> Entries { get; } = new();
    }
}
