using Orrery.Streams;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>The event-stream port of one adapter over one open connection to its backing store.</summary>
/// <param name="Owner">Releases the adapter's connections, as a stopping process would.</param>
public sealed record EventStreamUnderTest(IEventStream Stream, IAsyncDisposable Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
