using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Orrery.Benchmarks;

/// <summary>
/// One replica of a cluster: the real orrery binary in a process of its own, with a data directory, an HTTP port and a
/// silo port of its own, and the cluster's shared settings in its environment. It can be killed (SIGKILL), paused
/// (SIGSTOP), woken (SIGCONT) and started again on the same ports. Its output goes to a log file, not the console.
/// </summary>
internal sealed class ClusterReplica : IAsyncDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;
    private StreamWriter? _log;

    public ClusterReplica(int index, IReadOnlyDictionary<string, string> environment)
    {
        Index = index;
        _environment = environment;
        DataDirectory = Directory.CreateTempSubdirectory($"orrery-bench-replica{index}-").FullName;
        Url = $"http://127.0.0.1:{NodeUnderTest.FreePort()}";
        SiloPort = NodeUnderTest.FreePort();
        LogPath = Path.Combine(DataDirectory, "replica.log");
    }

    public int Index { get; }
    public string Url { get; }
    public int SiloPort { get; }
    public string DataDirectory { get; }
    public string LogPath { get; }
    public int Pid => _process?.Id ?? 0;
    public bool Running => _process is { HasExited: false };

    /// <summary>Starts the process and waits for <c>/readyz</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "orrery.dll"), "up", "--data", DataDirectory, "--urls", Url })
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }
        info.Environment["Orrery__Cluster__SiloPort"] = SiloPort.ToString();
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // ORRERY_BENCH_REPLICA_LOG=Information: Orrery's own information logs in the replica logs, for a closer look.
        if (Environment.GetEnvironmentVariable("ORRERY_BENCH_REPLICA_LOG") is { Length: > 0 } level)
        {
            info.Environment["Logging__LogLevel__Orrery"] = level;
        }
        _log?.Dispose();
        var log = _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 1200; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"replica {Index} exited ({process.ExitCode}) while starting; see {LogPath}");
            }
            try
            {
                if ((await probe.GetAsync(Url + "/readyz", cancellationToken)).IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested) { }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"replica {Index} did not become ready; see {LogPath}");
    }

    /// <summary>kill -9: the process is gone at once, with no chance to leave the cluster.</summary>
    public async Task KillAsync()
    {
        Signal(SigKill);
        await _process!.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the replica leaves the cluster and hands its shards over; killed if it takes longer than <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Signal(SigTerm);
        if (!await WaitForExitAsync(grace))
        {
            await KillAsync();
        }
    }

    /// <summary>SIGSTOP: the process hangs with its sockets open, as a replica stuck in a long pause.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: the paused process runs again (a zombie, if it was declared dead meanwhile).</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>Waits for the process to end by itself; false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process!.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Resident memory of the process (VmRSS), in bytes; 0 once it has exited.</summary>
    public long ResidentBytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            Signal(SigCont);
            Signal(SigKill);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _log?.Dispose();
    }

    private void Signal(int signal)
    {
        if (_process is { HasExited: false } && Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try
            {
                log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
            }
            catch (ObjectDisposedException)
            {
                // the replica was disposed while its last lines were in flight
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
