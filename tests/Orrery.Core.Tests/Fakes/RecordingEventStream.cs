using System.Collections.Concurrent;
using Orrery.Streams;

namespace Orrery.Core.Tests.Fakes;

/// <summary>Keeps what is appended, by stream; reads return what was kept.</summary>
internal sealed class RecordingEventStream : IEventStream
{
    private long _next;

    public ConcurrentQueue<(string Stream, IReadOnlyDictionary<string, string> Fields)> Appended { get; } = new();

    public IReadOnlyList<IReadOnlyDictionary<string, string>> On(string stream) => [.. Appended.Where(a => a.Stream == stream).Select(a => a.Fields)];

    public Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken)
    {
        Appended.Enqueue((stream, fields));
        return Task.FromResult($"{Interlocked.Increment(ref _next)}-0");
    }

    public Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StreamEntry>>([.. On(stream).Select((f, i) => new StreamEntry($"{i + 1}-0", f)).Take(count)]);

    public Task<string> LastIdAsync(string stream, CancellationToken cancellationToken) => Task.FromResult($"{On(stream).Count}-0");

    public Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken) => Task.FromResult("0-0");

    public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken) => Task.CompletedTask;
}
