using Orrery.Runtime;

namespace Orrery.Sessions;

/// <summary>
/// In-process notifications of committed changes to games on this node: raised by <c>RuntimeRecords</c> after each
/// record write, by <c>SnapshotPublisher</c> after a snapshot's standings and record are stored, by <c>GameRemoval</c>
/// after a delete. Raising never blocks or throws: a listener only queues the change (a pool's mailbox).
/// </summary>
public sealed class GameChanges
{
    private volatile Action<GameChange>[] _listeners = [];
    private readonly Lock _gate = new();

    /// <summary>Adds a listener; it must return at once (queue the change, never wait).</summary>
    public void Listen(Action<GameChange> listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    public void Raise(GameChange change)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener(change);
            }
            catch (Exception)
            {
                // A listener's failure must never fail the write that raised the change: it already committed.
            }
        }
    }

    public void RecordChanged(RuntimeRecord record) => Raise(new RuntimeRecordChanged(record));

    public void SnapshotRecorded(RuntimeRecord record, IReadOnlyList<PlayerTurnStats> standings) => Raise(new SnapshotRecorded(record, standings));

    public void Deleted(Guid gameId) => Raise(new GameDeleted(gameId));
}

/// <summary>A committed change of one game.</summary>
public abstract record GameChange(Guid GameId);

/// <summary>The game's runtime record as just written.</summary>
public sealed record RuntimeRecordChanged(RuntimeRecord Record) : GameChange(Record.GameId);

/// <summary>An engine's snapshot was stored: the record it left and every player's standing (a turn's result when the turn moved).</summary>
public sealed record SnapshotRecorded(RuntimeRecord Record, IReadOnlyList<PlayerTurnStats> Standings) : GameChange(Record.GameId);

/// <summary>The game and everything recorded for it were deleted.</summary>
public sealed record GameDeleted(Guid GameId) : GameChange(GameId);
