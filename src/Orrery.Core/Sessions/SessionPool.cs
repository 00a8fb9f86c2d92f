using System.Threading.Channels;

namespace Orrery.Sessions;

/// <summary>
/// At most <see cref="LiveOptions.PoolCapacity"/> sessions and one mailbox processed by one loop: every session
/// change, attach, start and periodic pass of the pool runs there, one at a time, so sessions need no locks. Its
/// games are persisted on every change; a crash (the loop throws) leaves them for the supervisor to restart from.
/// </summary>
internal sealed partial class SessionPool
{
    private readonly Channel<PoolWork> _mailbox = Channel.CreateUnbounded<PoolWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Guid, LiveSession> _sessions = [];
    private readonly HashSet<Guid> _games;
    private readonly CancellationTokenSource _stopping = new();
    private readonly PoolContext _context;
    private readonly IPoolSupervisor _supervisor;
    private volatile Guid[] _gameList;
    private int _depth;
    private int _aboveThreshold;
    private DateTimeOffset _nextBackupAt;
    private DateTimeOffset _nextCleanupAt;

    /// <param name="reserved">Games the pool holds from the start (a restart's persisted ones), before their sessions run.</param>
    public SessionPool(string poolId, int restarts, IEnumerable<Guid> reserved, PoolContext context, IPoolSupervisor supervisor)
    {
        PoolId = poolId;
        Restarts = restarts;
        _context = context;
        _supervisor = supervisor;
        _games = [.. reserved];
        _gameList = [.. _games];
        StartedAt = context.Time.GetUtcNow();
        _nextBackupAt = StartedAt + context.Options.BackupInterval;
        _nextCleanupAt = StartedAt + context.Options.CleanupInterval;
        Completion = Task.Run(RunAsync);
    }

    public string PoolId { get; }

    public int Restarts { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Games placed in the pool, starting or running; the supervisor's count, changed only under its lock.</summary>
    public int Assigned { get; set; }

    /// <summary>Ends when the loop does (stopped, or crashed: see <see cref="Recovery"/>).</summary>
    public Task Completion { get; }

    /// <summary>Set by the supervisor when the pool crashed: its restart.</summary>
    public Task Recovery { get; set; } = Task.CompletedTask;

    public int MailboxDepth => Volatile.Read(ref _depth);

    public SessionPoolInfo Info => new(PoolId, _gameList, _context.Options.PoolCapacity, MailboxDepth, StartedAt, Restarts);

    /// <summary>Starts the game's session (<paramref name="steps"/> holds what the caller did already and gets this pool's steps).</summary>
    public Task<LiveSession> StartSessionAsync(Guid gameId, SessionStartSteps steps) => AskAsync(() => StartInLoopAsync(gameId, steps));

    /// <summary>Attaches to the running session <paramref name="session"/>; null when it stopped meanwhile.</summary>
    public Task<LiveAttachment?> AttachAsync(LiveSession session, ILiveSubscriber subscriber, LiveResume? resume) => AskAsync(() =>
    {
        if (!_sessions.TryGetValue(session.GameId, out var current) || current != session)
        {
            return Task.FromResult<LiveAttachment?>(null);
        }
        session.Attach(subscriber, resume);
        return Task.FromResult<LiveAttachment?>(new LiveAttachment(this, session, subscriber));
    });

    public Task DetachAsync(LiveSession session, ILiveSubscriber subscriber) => AskAsync(() =>
    {
        if (_sessions.TryGetValue(session.GameId, out var current) && current == session)
        {
            session.Detach(subscriber);
        }
        return Task.FromResult(true);
    });

    /// <summary>Queues <paramref name="change"/> for the game's session, without waiting.</summary>
    public void Notify(GameChange change) => Post(new PoolWork(() => ApplyAsync(change), null));

    /// <summary>Stops the game's session, closing its connections with <paramref name="code"/>.</summary>
    public Task StopSessionAsync(Guid gameId, LiveCloseCode code, string reason) => AskAsync(async () =>
    {
        await StopSessionInLoopAsync(gameId, code, reason);
        return true;
    });

    /// <summary>The periodic work due at <paramref name="now"/>: idle GC on every tick, cleanup and backup at their intervals.</summary>
    public Task TickAsync(DateTimeOffset now) => AskAsync(async () =>
    {
        await TickInLoopAsync(now);
        return true;
    });

    /// <summary>Stops the pool on purpose: every session closes its connections with <paramref name="code"/>; the pool's state is deleted.</summary>
    public Task StopAsync(LiveCloseCode code, string reason) => AskAsync(async () =>
    {
        await StopInLoopAsync(code, reason);
        return true;
    });

    /// <summary>Queues a stop without waiting (from inside a loop, which must not wait on a mailbox).</summary>
    public void RequestStop(LiveCloseCode code, string reason) => Post(new PoolWork(() => StopInLoopAsync(code, reason), null));

    /// <summary>Fault injection: the loop throws when it reaches this.</summary>
    public void Crash() => Post(new PoolWork(() => throw new PoolCrashInjectedException(PoolId), null));

    private async Task<LiveSession> StartInLoopAsync(Guid gameId, SessionStartSteps steps)
    {
        var began = _context.Time.GetUtcNow();
        if (_sessions.TryGetValue(gameId, out var running))
        {
            return running;
        }
        try
        {
            return await StartStepsAsync(gameId, steps, began);
        }
        catch (Exception ex)
        {
            var undone = await steps.RollBackAsync((step, undoError) => Log.UndoFailed(_context.Logger, gameId, PoolId, step, undoError));
            _context.Metrics.StartFailures.Add(1);
            Log.StartFailed(_context.Logger, gameId, PoolId, string.Join(", ", undone), ex.Message, ex);
            throw;
        }
    }

    private async Task<LiveSession> StartStepsAsync(Guid gameId, SessionStartSteps steps, DateTimeOffset began)
    {
        var cancellationToken = _stopping.Token;
        if (!_games.Contains(gameId) && _games.Count >= _context.Options.PoolCapacity)
        {
            // The supervisor places by its own count; a full pool never answers ok (the seed's did).
            throw new InvalidOperationException($"Session pool {PoolId} is full ({_games.Count} of {_context.Options.PoolCapacity}).");
        }

        var added = _games.Add(gameId);
        PublishGames();
        try
        {
            await SaveStateAsync(cancellationToken);
        }
        catch
        {
            RemoveGame(gameId, added);
            throw;
        }
        steps.Done(SessionStartSteps.PoolState, async () =>
        {
            RemoveGame(gameId, remove: true);
            await SaveStateAsync(CancellationToken.None);
        });

        var data = await _context.Source.LoadAsync(gameId, cancellationToken);
        var previous = await _context.Store.GetBackupAsync(gameId, cancellationToken);

        var session = new LiveSession(gameId, data, previous?.IdleSince, _context.Options.Backlog, _context.Time, _context.Metrics);
        _sessions[gameId] = session;
        steps.Done(SessionStartSteps.Cache, () =>
        {
            _sessions.Remove(gameId);
            return Task.CompletedTask;
        });

        await _context.Store.SaveBackupsAsync([session.Backup(_context.NodeId, PoolId, _context.Time.GetUtcNow())], cancellationToken);
        steps.Done(SessionStartSteps.Backup, () => _context.Store.DeleteBackupAsync(gameId, CancellationToken.None));

        var took = _context.Time.GetUtcNow() - began;
        _context.Metrics.SessionStarts.Add(1);
        if (took > _context.Options.SlowStartThreshold)
        {
            _context.Metrics.SlowStarts.Add(1);
            Log.SlowStart(_context.Logger, gameId, PoolId, took.TotalMilliseconds);
        }
        Log.Started(_context.Logger, gameId, session.Id, PoolId, took.TotalMilliseconds);
        return session;
    }

    private async Task ApplyAsync(GameChange change)
    {
        if (_sessions.TryGetValue(change.GameId, out var session) && session.Apply(change))
        {
            await StopSessionInLoopAsync(change.GameId, code: null, reason: "");
        }
    }

    /// <summary>Removes the session (closing its connections with <paramref name="code"/> unless it closed them), its game and backup.</summary>
    private async Task StopSessionInLoopAsync(Guid gameId, LiveCloseCode? code, string reason)
    {
        if (!_sessions.Remove(gameId, out var session))
        {
            return;
        }
        if (code is { } closeCode)
        {
            session.CloseAll(closeCode, reason);
        }
        RemoveGame(gameId, remove: true);
        Log.Stopped(_context.Logger, gameId, session.Id, PoolId, reason);
        try
        {
            await SaveStateAsync(_stopping.Token);
            await _context.Store.DeleteBackupAsync(gameId, _stopping.Token);
        }
        catch (Exception ex) when (ex is not PoolCrashInjectedException)
        {
            // The stale row lists a stopped game: a restart would start it again, and the idle GC stop it.
            Log.StateNotSaved(_context.Logger, PoolId, ex);
        }
        _supervisor.SessionStopped(this, gameId);
    }

    private Task SaveStateAsync(CancellationToken cancellationToken) =>
        _context.Store.SavePoolAsync(new SessionPoolState(_context.NodeId, PoolId, [.. _games], _context.Time.GetUtcNow()), cancellationToken);

    private void RemoveGame(Guid gameId, bool remove)
    {
        if (remove)
        {
            _games.Remove(gameId);
            PublishGames();
        }
    }

    private void PublishGames() => _gameList = [.. _games];
}
