namespace Orrery.Sessions;

internal sealed partial class SessionPool
{
    /// <summary>Idle GC on every tick; cleanup and backup when their interval has passed since the last.</summary>
    private async Task TickInLoopAsync(DateTimeOffset now)
    {
        foreach (var idle in _sessions.Values.Where(s => s.IsIdle(now, _context.Options.IdleGrace)).ToList())
        {
            await StopSessionInLoopAsync(idle.GameId, code: null, reason: "idle");
        }
        if (now >= _nextCleanupAt)
        {
            _nextCleanupAt = now + _context.Options.CleanupInterval;
            foreach (var session in _sessions.Values)
            {
                session.Cleanup(now);
            }
        }
        if (now >= _nextBackupAt && _sessions.Count > 0)
        {
            _nextBackupAt = now + _context.Options.BackupInterval;
            try
            {
                await _context.Store.SaveBackupsAsync([.. _sessions.Values.Select(s => s.Backup(_context.NodeId, PoolId, now))], _stopping.Token);
                await SaveStateAsync(_stopping.Token);
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                Log.StateNotSaved(_context.Logger, PoolId, ex); // the next backup tries again
            }
        }
    }

    /// <summary>The pool's end on purpose: connections closed with <paramref name="code"/>, its row and backups deleted, its loop ended.</summary>
    private async Task StopInLoopAsync(LiveCloseCode code, string reason)
    {
        foreach (var session in _sessions.Values)
        {
            session.CloseAll(code, reason);
        }
        var games = _games.ToList();
        _sessions.Clear();
        _games.Clear();
        PublishGames();
        _mailbox.Writer.TryComplete();
        try
        {
            await _context.Store.DeletePoolAsync(_context.NodeId, PoolId, CancellationToken.None);
            foreach (var gameId in games)
            {
                await _context.Store.DeleteBackupAsync(gameId, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            Log.StateNotSaved(_context.Logger, PoolId, ex);
        }
        await _stopping.CancelAsync();
        Log.PoolStopped(_context.Logger, PoolId);
    }
}
