namespace Orrery.Sessions;

/// <summary>
/// One game's live session (one incarnation of it): presence, the game's state as clients see it, the backlog and the
/// sequence of its messages, and its subscribers. Used only from its pool's loop, one call at a time; what other
/// threads read (<see cref="Presence"/>, <see cref="Seq"/>) is published atomically.
/// </summary>
internal sealed partial class LiveSession
{
    private readonly Dictionary<Guid, string> _races;
    private readonly List<ILiveSubscriber> _subscribers = [];
    private readonly Dictionary<Guid, int> _playerConnections = [];
    private readonly Queue<LiveMessage> _backlog = new();
    private readonly int _backlogSize;
    private readonly TimeProvider _time;
    private readonly LiveMetrics _metrics;
    private int _spectators;
    private long _seq;
    private long _recordVersion;
    private bool _turnPending;
    private volatile LivePresence _presence;

    public LiveSession(Guid gameId, LiveGameData data, DateTimeOffset? idleSince, int backlogSize, TimeProvider time, LiveMetrics metrics)
    {
        GameId = gameId;
        Id = Guid.NewGuid().ToString("N");
        _races = data.Members.ToDictionary(m => m.UserId, m => m.RaceName);
        State = data.State;
        _recordVersion = data.RecordVersion;
        IdleSince = idleSince ?? time.GetUtcNow();
        _backlogSize = backlogSize;
        _time = time;
        _metrics = metrics;
        _presence = new LivePresence(gameId, true, 0, [], 0);
    }

    /// <summary>This incarnation's id: a client resumes only within it.</summary>
    public string Id { get; }

    public Guid GameId { get; }

    /// <summary>The last message's sequence number (0 before the first).</summary>
    public long Seq => Interlocked.Read(ref _seq);

    public LiveGameState State { get; private set; }

    /// <summary>Since when the session has had no connection at all; null while it has one.</summary>
    public DateTimeOffset? IdleSince { get; private set; }

    public LivePresence Presence => _presence;

    /// <summary>Adds <paramref name="subscriber"/> and offers it what it missed since <paramref name="resume"/>, or a welcome.</summary>
    public void Attach(ILiveSubscriber subscriber, LiveResume? resume)
    {
        IdleSince = null;
        if (AddConnection(subscriber.Viewer))
        {
            Broadcast(seq => LiveMessages.Presence(seq, _presence)); // to the others: the newcomer's welcome or backlog carries it
        }
        _subscribers.Add(subscriber);
        foreach (var message in Missed(resume) ?? [LiveMessages.Welcome(Seq, Id, GameId, subscriber.Viewer, State, _presence)])
        {
            if (!subscriber.TryEnqueue(message))
            {
                Drop([subscriber], LiveCloseCode.FellBehind, "The connection fell behind.");
                return;
            }
            _metrics.MessagesSent.Add(1);
        }
    }

    /// <summary>Removes <paramref name="subscriber"/> (its connection ended); false when it was not attached.</summary>
    public bool Detach(ILiveSubscriber subscriber)
    {
        if (!_subscribers.Contains(subscriber))
        {
            return false;
        }
        Drop([subscriber], code: null, reason: "");
        return true;
    }

    /// <summary>Drops closed connections and closes those whose player token expired by <paramref name="now"/>; returns how many went.</summary>
    public int Cleanup(DateTimeOffset now)
    {
        var closed = _subscribers.Where(s => !s.IsOpen).ToList();
        var expired = _subscribers.Where(s => s.IsOpen && s.Viewer.ExpiresAt <= now).ToList();
        Drop(closed, code: null, reason: "");
        // 1008, a policy violation: going on needs a new token, which only the lobby can give.
        Drop(expired, LiveCloseCode.ProtocolViolation, "The player token expired.");
        return closed.Count + expired.Count;
    }

    /// <summary>True when the session has had no connection for longer than <paramref name="grace"/>.</summary>
    public bool IsIdle(DateTimeOffset now, TimeSpan grace) => _subscribers.Count == 0 && IdleSince is { } since && now - since > grace;

    /// <summary>Tells the clients what <paramref name="change"/> changed; true when the session ended with it (finished, then closed).</summary>
    public bool Apply(GameChange change)
    {
        switch (change)
        {
            case GameDeleted:
                End(LiveEndReasons.Deleted);
                return true;
            case RuntimeRecordChanged { Record: var record } when record.Version > _recordVersion:
                if (record.CurrentTurn != State.CurrentTurn && !_turnPending)
                {
                    // A turn being recorded: its snapshot follows at once with the standings. Should another write come
                    // first (a turn recorded without a snapshot), that write reports the turn with the standings held.
                    _turnPending = true;
                    return false;
                }
                _turnPending = false;
                return Update(LiveGameState.Of(record, State.Standings), record.Version, turnResult: record.CurrentTurn != State.CurrentTurn);
            case SnapshotRecorded { Record: var record, Standings: var standings } when record.Version >= _recordVersion:
                _turnPending = false;
                var next = LiveGameState.Of(record, standings);
                return Update(next, record.Version, turnResult: next.CurrentTurn != State.CurrentTurn);
            default:
                return false; // a change older than what the session holds
        }
    }

    /// <summary>Sends <c>finished</c> with <paramref name="reason"/> and closes every connection with 1000.</summary>
    public void End(string reason)
    {
        Broadcast(seq => LiveMessages.Finished(seq, reason, State.CurrentTurn));
        CloseAll(LiveCloseCode.Ended, $"The session ended: the game was {reason}.");
    }

    /// <summary>Closes every connection with <paramref name="code"/> (the session stops, or moves).</summary>
    public void CloseAll(LiveCloseCode code, string reason)
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Close(code, reason);
        }
        _subscribers.Clear();
        _playerConnections.Clear();
        _spectators = 0;
        IdleSince ??= _time.GetUtcNow();
        PublishPresence();
    }

    public SessionBackup Backup(string nodeId, string poolId, DateTimeOffset now) =>
        new(GameId, nodeId, poolId, Id, Seq, State.CurrentTurn, _subscribers.Count, IdleSince, now);

    private bool Update(LiveGameState next, long recordVersion, bool turnResult)
    {
        var previous = State;
        State = next;
        _recordVersion = recordVersion;
        if (turnResult)
        {
            Broadcast(seq => LiveMessages.TurnResult(seq, next));
        }
        // After a turn only what turn_result does not carry (its nextTurnAt does): the status or pause, unless it ends.
        var statusChanged = turnResult ? next.Status != previous.Status || next.Paused != previous.Paused : next.StatusDiffers(previous);
        if (statusChanged && next.EndReason is null)
        {
            Broadcast(seq => LiveMessages.Status(seq, next));
        }
        if (next.EndReason is { } reason && next.Status != previous.Status)
        {
            End(reason);
            return true;
        }
        return false;
    }

    /// <summary>The backlog after the client's last message, when it resumes this incarnation and the backlog reaches back; else null.</summary>
    private List<LiveMessage>? Missed(LiveResume? resume)
    {
        if (resume is null || resume.Session != Id || resume.LastSeq > Seq)
        {
            return null;
        }
        var oldestResumable = _backlog.TryPeek(out var first) ? first.Seq - 1 : Seq;
        return resume.LastSeq < oldestResumable ? null : [.. _backlog.Where(m => m.Seq > resume.LastSeq)];
    }

    /// <summary>Takes the next seq, keeps the message in the backlog and offers it to every subscriber; one that cannot take it is dropped.</summary>
    private void Broadcast(Func<long, LiveMessage> build)
    {
        var message = build(Interlocked.Increment(ref _seq));
        _backlog.Enqueue(message);
        if (_backlog.Count > _backlogSize)
        {
            _backlog.Dequeue();
        }
        List<ILiveSubscriber>? behind = null;
        var sent = 0;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.TryEnqueue(message))
            {
                sent++;
            }
            else
            {
                (behind ??= []).Add(subscriber);
            }
        }
        _metrics.MessagesSent.Add(sent);
        if (behind is not null)
        {
            Drop(behind, LiveCloseCode.FellBehind, "The connection fell behind: its send queue was full.");
        }
    }

    /// <summary>Removes subscribers (closing them with <paramref name="code"/> unless null) and tells the others if presence changed.</summary>
    private void Drop(IReadOnlyList<ILiveSubscriber> subscribers, LiveCloseCode? code, string reason)
    {
        var presenceChanged = false;
        foreach (var subscriber in subscribers)
        {
            if (!_subscribers.Remove(subscriber))
            {
                continue;
            }
            if (code is { } closeCode)
            {
                subscriber.Close(closeCode, reason);
            }
            if (code == LiveCloseCode.FellBehind)
            {
                _metrics.SubscribersDropped.Add(1);
            }
            presenceChanged |= RemoveConnection(subscriber.Viewer);
        }
        if (_subscribers.Count == 0)
        {
            IdleSince ??= _time.GetUtcNow();
        }
        if (presenceChanged)
        {
            // Bounded: each round removes subscribers, so it ends at the latest when none is left.
            Broadcast(seq => LiveMessages.Presence(seq, _presence));
        }
    }
}
