using Microsoft.Extensions.Logging;
using Orrery.Observability;
using Orrery.Streams;

namespace Orrery.Health;

/// <summary>
/// The feed of a replica sharing <c>runtime:health_events</c> with others (SPEC §6, Redis): each entry goes to
/// one member of the group and stays pending for it until acknowledged (XACK), after it was applied.
/// </summary>
/// <remarks>
/// A batch comes, in this order of preference, from the member's own pending entries (a batch that failed:
/// reading them again also restarts their idle time, so a member that keeps retrying keeps them), from entries
/// a dead member left pending for longer than <see cref="HealthConsumerOptions.ClaimIdle"/> (claimed), or from
/// entries no member has seen. The group is created on first use, starting after the offset the single-node
/// consumer stored under the same label, so switching a node to Redis neither replays nor skips events.
/// </remarks>
internal sealed partial class ConsumerGroupFeed(
    IEventStream stream,
    IStreamConsumerGroups groups,
    HealthConsumerOptions settings,
    ILogger<ConsumerGroupFeed> logger) : IHealthEventFeed
{
    private const string Stream = StreamNames.HealthEvents;
    private bool _joined;
    private string _claimCursor = StreamEntryId.Zero.ToString();

    public async Task<IReadOnlyList<StreamEntry>> NextBatchAsync(int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await JoinAsync(cancellationToken);
            var pending = await groups.ReadPendingAsync(Stream, settings.Group, settings.Consumer, count, cancellationToken);
            await ForgetTrimmedAsync(pending.DeletedIds, cancellationToken);
            if (pending.Entries.Count > 0)
            {
                return pending.Entries;
            }

            var claimed = await groups.ClaimIdleAsync(Stream, settings.Group, settings.Consumer, settings.ClaimIdle, _claimCursor, count, cancellationToken);
            _claimCursor = claimed.NextCursor;
            if (claimed.DeletedIds.Count > 0)
            {
                Log.TrimmedWhilePending(logger, claimed.DeletedIds.Count); // the claim already dropped them from the pending list
            }
            if (claimed.Entries.Count > 0)
            {
                Log.Claimed(logger, claimed.Entries.Count, settings.Group);
                return claimed.Entries;
            }

            return await groups.ReadGroupAsync(Stream, settings.Group, settings.Consumer, count, wait, cancellationToken);
        }
        catch
        {
            _joined = false; // a Redis restarted without its data has lost the group: create it again on the next try
            throw;
        }
    }

    public Task AcknowledgeAsync(IReadOnlyList<StreamEntry> batch, CancellationToken cancellationToken) =>
        groups.AcknowledgeAsync(Stream, settings.Group, batch.Select(e => e.Id).ToList(), cancellationToken);

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        if (_joined)
        {
            return;
        }
        var storedOffset = await stream.GetOffsetAsync(Stream, settings.Label, cancellationToken);
        await groups.EnsureGroupAsync(Stream, settings.Group, storedOffset, cancellationToken);
        _joined = true;
    }

    /// <summary>Entries trimmed by retention before they were applied are gone: acknowledged, so they stop blocking the member's pending list.</summary>
    private async Task ForgetTrimmedAsync(IReadOnlyList<string> deletedIds, CancellationToken cancellationToken)
    {
        if (deletedIds.Count > 0)
        {
            Log.TrimmedWhilePending(logger, deletedIds.Count);
            await groups.AcknowledgeAsync(Stream, settings.Group, deletedIds, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ConsumerGroupFeed.Claimed, LogLevel.Information, "Claimed {Count} runtime:health_events entries a member of group {Group} left pending")]
        public static partial void Claimed(ILogger logger, int count, string group);

        [LoggerMessage(LogEventIds.ConsumerGroupFeed.TrimmedWhilePending, LogLevel.Warning, "{Count} pending runtime:health_events entries were trimmed by retention before they were applied")]
        public static partial void TrimmedWhilePending(ILogger logger, int count);
    }
}
