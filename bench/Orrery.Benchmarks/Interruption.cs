using System.Runtime.InteropServices;

namespace Orrery.Benchmarks;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation, so a benchmark unwinds through its cleanup (engines killed,
/// temp directories deleted) instead of the process dying with engines left running.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public Interruption()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }

    private void Cancel(PosixSignalContext context)
    {
        // A second signal ends the process at once; the ProcessExit hook of EngineReaper still kills the engines.
        context.Cancel = !_source.IsCancellationRequested;
        if (context.Cancel)
        {
            Console.Error.WriteLine($"{context.Signal}: stopping, cleaning up engines...");
            _source.Cancel();
        }
    }
}
