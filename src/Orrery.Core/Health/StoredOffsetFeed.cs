using Orrery.Streams;

namespace Orrery.Health;

/// <summary>
/// The single-node feed (SPEC §6): reads after the offset stored under the consumer's label and moves the
/// offset past a batch once it was applied. A batch that failed is read again from the same offset.
/// </summary>
internal sealed class StoredOffsetFeed(IEventStream stream, string label) : IHealthEventFeed
{
    public async Task<IReadOnlyList<StreamEntry>> NextBatchAsync(int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        var offset = await stream.GetOffsetAsync(StreamNames.HealthEvents, label, cancellationToken);
        return await stream.ReadAsync(StreamNames.HealthEvents, offset, count, wait, cancellationToken);
    }

    public Task AcknowledgeAsync(IReadOnlyList<StreamEntry> batch, CancellationToken cancellationToken) =>
        stream.SaveOffsetAsync(StreamNames.HealthEvents, label, batch[^1].Id, cancellationToken);
}
