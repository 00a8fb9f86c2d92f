using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Orrery.EndToEnd.Tests;

/// <summary>The real <c>orrery</c> binary, run as a child process on a free loopback port.</summary>
public sealed class OrreryProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private OrreryProcess(Process process, string url, string dataDirectory)
    {
        _process = process;
        Url = url;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }
    public string DataDirectory { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public static string OrreryDll => Path.Combine(AppContext.BaseDirectory, "orrery.dll");

    /// <summary>Starts <c>orrery up</c> and waits until <c>/readyz</c> answers.</summary>
    public static Task<OrreryProcess> StartAsync(string dataDirectory, params string[] extraArgs) =>
        StartAsync(dataDirectory, new Dictionary<string, string>(), extraArgs);

    /// <summary>Starts <c>orrery up</c> with extra environment (settings as <c>Orrery__Store</c> etc.) and waits until <c>/readyz</c> answers.</summary>
    public static async Task<OrreryProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = Info(["up", "--data", dataDirectory, "--urls", url, .. extraArgs]);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info)!;
        var orrery = new OrreryProcess(process, url, dataDirectory);
        try
        {
            await orrery.WaitUntilReadyAsync();
        }
        catch
        {
            await orrery.DisposeAsync(); // never leave a node behind that no test holds
            throw;
        }
        return orrery;
    }

    /// <summary>Runs a CLI command against this node and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunCliAsync(params string[] args)
    {
        var info = Info([.. args, "--url", Url]);
        info.Environment["COLUMNS"] = "240";
        using var cli = Process.Start(info)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await cli.WaitForExitAsync(timeout.Token);
        return (cli.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs <c>orrery</c> with <paramref name="args"/> to its end (a command that fails at start, say) and returns what it said.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(params string[] args)
    {
        using var orrery = Process.Start(Info(args))!;
        var stdout = orrery.StandardOutput.ReadToEndAsync();
        var stderr = orrery.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await orrery.WaitForExitAsync(timeout.Token);
        return (orrery.ExitCode, await stdout, await stderr);
    }

    /// <summary>SIGTERM, then wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _process.WaitForExitAsync(timeout.Token);
        }
    }

    /// <summary>Sends SIGTERM and returns at once, so a test can watch the node while it drains.</summary>
    public void SignalStop() => _ = Kill(_process.Id, 15);

    /// <summary>Waits for the process to end (after <see cref="SignalStop"/>) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the crash case.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"orrery exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await http.GetAsync($"{Url}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or too busy to answer within the attempt's timeout (a loaded machine): ask again
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"orrery did not become ready:\n{Output}");
    }

    private static ProcessStartInfo Info(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(OrreryDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Logging__LogLevel__Default"] = "Information";
        return info;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
