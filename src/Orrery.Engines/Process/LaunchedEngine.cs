namespace Orrery.Engines.Process;

/// <summary>
/// An engine this host instance started. Holding its <see cref="System.Diagnostics.Process"/> is what makes
/// the exit code knowable: only the parent can collect it, and .NET does so when the child exits (which is
/// also why exited children do not linger as zombies). Engines adopted after a restart are children of
/// init, and their exit codes are lost.
/// </summary>
internal sealed class LaunchedEngine : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly TimeProvider _time;
    private long _finishedAtTicks;

    public LaunchedEngine(System.Diagnostics.Process process, TimeProvider time)
    {
        _process = process;
        _time = time;
        _process.Exited += (_, _) => RecordFinish();
        _process.EnableRaisingEvents = true;
    }

    /// <summary>
    /// The exit code of a process that /proc already shows as gone. .NET collects a child's status on SIGCHLD,
    /// on another thread, so for a moment the process can be a zombie that .NET has not reaped yet: wait a
    /// little for that rather than report "unknown".
    /// </summary>
    public async Task<int?> ExitCodeAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            if (!_process.HasExited)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(wait);
                await _process.WaitForExitAsync(timeout.Token);
            }
            return _process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Disposed by a concurrent Remove: the code is no longer ours to report.
            return null;
        }
    }

    /// <summary>When the exit was noticed (the Exited event), or null while running.</summary>
    public DateTimeOffset? FinishedAt =>
        Interlocked.Read(ref _finishedAtTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Dispose() => _process.Dispose();

    private void RecordFinish() =>
        Interlocked.CompareExchange(ref _finishedAtTicks, _time.GetUtcNow().UtcTicks, 0);
}
