namespace Orrery.Sessions;

internal sealed partial class SessionPool
{
    /// <summary>A unit of the pool's work; <see cref="Abandon"/> tells its waiter when the loop ended before running it.</summary>
    private readonly record struct PoolWork(Func<Task> Run, Action<Exception>? Abandon);

    /// <summary>Runs <paramref name="work"/> on the loop and hands back its result or exception.</summary>
    /// <exception cref="PoolStoppedException">The loop ended before it ran.</exception>
    private Task<T> AskAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(new PoolWork(async () =>
        {
            try
            {
                done.TrySetResult(await work());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }, ex => done.TrySetException(ex)));
        if (!posted)
        {
            done.TrySetException(new PoolStoppedException(PoolId));
        }
        return done.Task;
    }

    /// <summary>Queues without waiting; false once the loop has ended. Logs once per episode above the threshold.</summary>
    private bool Post(PoolWork work)
    {
        if (!_mailbox.Writer.TryWrite(work))
        {
            return false;
        }
        var depth = Interlocked.Increment(ref _depth);
        if (depth > _context.Options.MailboxThreshold && Interlocked.Exchange(ref _aboveThreshold, 1) == 0)
        {
            Log.MailboxAboveThreshold(_context.Logger, PoolId, depth, _context.Options.MailboxThreshold);
        }
        return true;
    }

    private async Task RunAsync()
    {
        try
        {
            await foreach (var work in _mailbox.Reader.ReadAllAsync())
            {
                // An episode ends once the depth is back to half the threshold, so a depth hovering at the threshold logs once.
                if (Interlocked.Decrement(ref _depth) <= _context.Options.MailboxThreshold / 2)
                {
                    Volatile.Write(ref _aboveThreshold, 0);
                }
                if (_stopping.IsCancellationRequested)
                {
                    work.Abandon?.Invoke(new PoolStoppedException(PoolId)); // queued behind the pool's stop
                    continue;
                }
                await work.Run();
            }
        }
        catch (Exception ex)
        {
            Crashed(ex);
        }
    }

    /// <summary>The loop threw: the work queued is abandoned, the sessions' connections closed with 1012, the supervisor told.</summary>
    private void Crashed(Exception error)
    {
        _mailbox.Writer.TryComplete();
        _stopping.Cancel();
        Log.Crashed(_context.Logger, PoolId, _sessions.Count, error);
        var abandoned = new PoolStoppedException(PoolId);
        while (_mailbox.Reader.TryRead(out var work))
        {
            work.Abandon?.Invoke(abandoned);
        }
        foreach (var session in _sessions.Values)
        {
            // Their clients reconnect and resume from the restarted session (a new incarnation: a fresh welcome).
            session.CloseAll(LiveCloseCode.SessionMoved, "The session restarted.");
        }
        _sessions.Clear();
        _supervisor.Crashed(this, error);
    }
}

/// <summary>What a pool tells the supervisor that placed sessions in it.</summary>
internal interface IPoolSupervisor
{
    /// <summary>The game's session stopped (ended, idle, moved): its registry entry goes.</summary>
    void SessionStopped(SessionPool pool, Guid gameId);

    /// <summary>The pool's loop threw: restart it from its persisted state.</summary>
    void Crashed(SessionPool pool, Exception error);
}
