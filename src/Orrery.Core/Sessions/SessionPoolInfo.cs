namespace Orrery.Sessions;

/// <summary>A pool as the admin view shows it.</summary>
/// <param name="Games">The games whose sessions it holds (or is starting).</param>
/// <param name="MailboxDepth">Work items queued and not yet processed.</param>
/// <param name="StartedAt">When this incarnation of the pool started.</param>
/// <param name="Restarts">How often the pool was restarted after a crash.</param>
public sealed record SessionPoolInfo(string PoolId, IReadOnlyList<Guid> Games, int Capacity, int MailboxDepth, DateTimeOffset StartedAt, int Restarts);
