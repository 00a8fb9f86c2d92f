using Microsoft.Data.Sqlite;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file in the background, once a second after writes, so no writer
/// pays for a checkpoint inside its commit. SQLite's own checkpoint runs in the commit that fills the log past
/// <c>wal_autocheckpoint</c> pages, which put ~10-15 ms on every few batch writes (a reconcile pass of 10,000
/// changed games spent a sixth of its time there). A passive checkpoint from another connection runs beside the
/// writer, not in its way; the writer's <c>wal_autocheckpoint</c> stays as a backstop should this one fall behind.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _writes;

    public SqliteCheckpointer(Func<CancellationToken, Task<SqliteConnection>> open) => _loop = RunAsync(open);

    /// <summary>Notes a commit: the next tick has something to copy.</summary>
    public void Written() => Interlocked.Increment(ref _writes);

    public void Dispose()
    {
        _stop.Cancel();
        // At most one checkpoint in progress to wait for; the file is consistent whether or not it finished.
        _loop.Wait(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task RunAsync(Func<CancellationToken, Task<SqliteConnection>> open)
    {
        try
        {
            await using var connection = await open(_stop.Token);
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (Interlocked.Exchange(ref _writes, 0) == 0)
                {
                    continue;
                }
                try
                {
                    await checkpoint.ExecuteNonQueryAsync(_stop.Token);
                }
                catch (SqliteException)
                {
                    // Busy or I/O: the log stays until the next tick (or the writer's own backstop) copies it.
                    Interlocked.Increment(ref _writes);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (SqliteException)
        {
            // The file could not be opened for checkpoints: the writer's own automatic checkpoint still runs.
        }
    }
}
