using Orrery.Streams;

namespace Orrery.Health;

/// <summary>
/// Where the health events consumer's next batch comes from, and how it says a batch was applied: after a
/// stored offset on a single node, or as a member of a consumer group when replicas share the stream.
/// </summary>
/// <remarks>
/// Until a batch is acknowledged, <see cref="NextBatchAsync"/> hands out the same entries again (the consumer
/// retries a batch the store or the stream failed), so nothing is acknowledged before it was applied.
/// </remarks>
public interface IHealthEventFeed
{
    /// <summary>
    /// Up to <paramref name="count"/> entries of <c>runtime:health_events</c>, oldest first: the unacknowledged
    /// batch again if there is one, else new entries, waiting up to <paramref name="wait"/> when there are none.
    /// </summary>
    Task<IReadOnlyList<StreamEntry>> NextBatchAsync(int count, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Records that every entry of <paramref name="batch"/> was applied or skipped for good.</summary>
    Task AcknowledgeAsync(IReadOnlyList<StreamEntry> batch, CancellationToken cancellationToken);
}
