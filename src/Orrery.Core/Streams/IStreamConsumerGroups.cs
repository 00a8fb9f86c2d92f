namespace Orrery.Streams;

/// <summary>
/// Consumer groups over an event stream (SPEC §1, cluster mode): several replicas share one stream, each new
/// entry goes to one member of the group, stays pending until that member acknowledges it, and entries a dead
/// member never acknowledged are claimed by another. Redis Streams only; the embedded log serves a single node,
/// which keeps an offset per consumer label instead (<see cref="IEventStream.GetOffsetAsync"/>).
/// </summary>
public interface IStreamConsumerGroups
{
    /// <summary>
    /// Creates <paramref name="group"/> on <paramref name="stream"/> (and an empty stream if there is none) to
    /// deliver the entries after <paramref name="startAfterId"/>; does nothing if the group exists.
    /// </summary>
    Task EnsureGroupAsync(string stream, string group, string startAfterId, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="count"/> entries never delivered to any member of the group, oldest first, now pending
    /// for <paramref name="consumer"/>. When there are none yet, waits up to <paramref name="wait"/> for one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The group does not exist (<see cref="EnsureGroupAsync"/> first).</exception>
    Task<IReadOnlyList<StreamEntry>> ReadGroupAsync(
        string stream, string group, string consumer, int count, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="count"/> entries delivered to <paramref name="consumer"/> and not yet acknowledged,
    /// oldest first: what it must finish before taking new ones (a batch that failed). Reading them again
    /// restarts their idle time, so a member still working on them keeps them from <see cref="ClaimIdleAsync"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The group does not exist (<see cref="EnsureGroupAsync"/> first).</exception>
    Task<PendingEntries> ReadPendingAsync(string stream, string group, string consumer, int count, CancellationToken cancellationToken);

    /// <summary>Marks entries as processed by the group; returns how many were pending.</summary>
    Task<long> AcknowledgeAsync(string stream, string group, IReadOnlyList<string> entryIds, CancellationToken cancellationToken);

    /// <summary>
    /// Takes over up to <paramref name="count"/> entries that have been pending, for any member, for at least
    /// <paramref name="minIdle"/>, scanning the pending list from <paramref name="cursor"/> (<c>0-0</c> at first).
    /// </summary>
    Task<ClaimedEntries> ClaimIdleAsync(
        string stream, string group, string consumer, TimeSpan minIdle, string cursor, int count, CancellationToken cancellationToken);
}

/// <summary>What a claim took over.</summary>
/// <param name="Entries">The claimed entries, now pending for the claiming consumer.</param>
/// <param name="NextCursor">Where the next claim goes on scanning; <c>0-0</c> once the whole pending list was scanned.</param>
/// <param name="DeletedIds">Pending ids whose entries were trimmed away meanwhile; dropped from the pending list.</param>
public sealed record ClaimedEntries(IReadOnlyList<StreamEntry> Entries, string NextCursor, IReadOnlyList<string> DeletedIds);

/// <summary>What a member still has pending.</summary>
/// <param name="Entries">The pending entries, oldest first.</param>
/// <param name="DeletedIds">Pending ids whose entries were trimmed away meanwhile; they stay pending until acknowledged.</param>
public sealed record PendingEntries(IReadOnlyList<StreamEntry> Entries, IReadOnlyList<string> DeletedIds);
