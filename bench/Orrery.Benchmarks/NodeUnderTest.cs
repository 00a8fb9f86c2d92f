using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Orrery.Api;
using Orrery.Hosting;

namespace Orrery.Benchmarks;

/// <summary>
/// An Orrery node in a fresh data directory, driven over HTTP like a lobby would: the real orrery binary in a
/// process of its own, or the same node built in this process (so its meter and CPU time are this process's).
/// </summary>
internal sealed class NodeUnderTest : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process? _process;
    private readonly string[] _settings;
    private WebApplication? _app;
    private bool _stopped;

    private NodeUnderTest(Process? process, WebApplication? app, string url, string data, string[] settings)
    {
        _process = process;
        _app = app;
        _settings = settings;
        Url = url;
        DataDirectory = data;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url + "/api/v1/") };
        EngineReaper.TrackManifests(EnginesDirectory);
    }

    public string Url { get; }
    public string DataDirectory { get; }
    public string EnginesDirectory => Path.Combine(DataDirectory, "engines");
    public HttpClient Http { get; }
    public int Pid => _process?.Id ?? Environment.ProcessId;

    /// <summary>The services of an in-process node.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The node runs in another process.");

    public static async Task<NodeUnderTest> StartAsync(params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("orrery-bench-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "orrery.dll"), "up", "--data", data, "--urls", url }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[orrery] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = new NodeUnderTest(process, null, url, data, settings);
        using var probe = new HttpClient();
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await probe.GetAsync(url + "/readyz")).IsSuccessStatusCode) return node;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("orrery did not start");
    }

    /// <summary>The node as <c>orrery up</c> builds it, hosted in this process.</summary>
    public static async Task<NodeUnderTest> StartInProcessAsync(params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("orrery-bench-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var node = new NodeUnderTest(null, BuildInProcess(data, url, settings), url, data, settings);
        await node._app!.StartAsync();
        return node;
    }

    /// <summary>Stops an in-process node and starts a new one over the same data directory, as after a restart.</summary>
    public async Task RestartInProcessAsync()
    {
        await StopNodeAsync();
        _app = BuildInProcess(DataDirectory, Url, _settings);
        await _app.StartAsync();
        _stopped = false;
    }

    public async Task<Guid> RegisterGameAsync(string version = "1.0.0", string turnSchedule = "0 0 * * *", CancellationToken cancellationToken = default)
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = version,
            turnSchedule,
            memberships = new[] { new { userId = Guid.NewGuid(), raceName = "Andorians" }, new { userId = Guid.NewGuid(), raceName = "Cygnans" } },
        };
        (await Http.PutAsJsonAsync($"games/{gameId}", body, cancellationToken)).EnsureSuccessStatusCode();
        return gameId;
    }

    /// <summary>Posts a lifecycle operation (<c>start</c>, <c>stop</c>, ...) and waits for it to succeed.</summary>
    public async Task RunOperationAsync(Guid gameId, string operation, CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync($"games/{gameId}/{operation}", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var accepted = (await response.Content.ReadFromJsonAsync<OperationResponse>(Json, cancellationToken))!;
        var done = await WaitAsync(accepted.OperationId, cancellationToken);
        if (done.Status != "succeeded")
        {
            throw new InvalidOperationException($"{operation} of game {gameId} failed: {done.ErrorCode} {done.ErrorMessage}");
        }
    }

    public async Task<OperationResponse> WaitAsync(Guid operationId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var op = (await Http.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", Json, cancellationToken))!;
            if (op.Status is "succeeded" or "failed") return op;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops the node only: its engines keep running, by design, until <see cref="DisposeAsync"/> kills them.</summary>
    public async Task StopNodeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        else
        {
            _process!.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync();
        // Engines outlive the node by design; a benchmark cleans up the ones it started.
        EngineReaper.KillManifests(EnginesDirectory);
        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static WebApplication BuildInProcess(string data, string url, string[] settings) =>
        OrreryNode.Build([$"--Orrery:DataDirectory={data}", $"--urls={url}", "--Logging:LogLevel:Default=Warning", .. settings]);

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
