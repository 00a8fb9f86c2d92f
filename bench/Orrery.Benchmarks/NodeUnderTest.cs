using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.Benchmarks;

/// <summary>The real orrery binary in a fresh data directory, driven over HTTP like a lobby would.</summary>
internal sealed class NodeUnderTest : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;

    private NodeUnderTest(Process process, string url, string data)
    {
        _process = process;
        Url = url;
        DataDirectory = data;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(url + "/api/v1/") };
    }

    public string Url { get; }
    public string DataDirectory { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;

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

        var node = new NodeUnderTest(process, url, data);
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

    public async Task<Guid> RegisterGameAsync(string version = "1.0.0")
    {
        var gameId = Guid.NewGuid();
        var body = new
        {
            targetEngineVersion = version,
            turnSchedule = "0 0 * * *",
            memberships = new[] { new { userId = Guid.NewGuid(), raceName = "Andorians" }, new { userId = Guid.NewGuid(), raceName = "Cygnans" } },
        };
        (await Http.PutAsJsonAsync($"games/{gameId}", body)).EnsureSuccessStatusCode();
        return gameId;
    }

    public async Task<OperationResponse> WaitAsync(Guid operationId)
    {
        while (true)
        {
            var op = (await Http.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", Json))!;
            if (op.Status is "succeeded" or "failed") return op;
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Engines outlive the node by design; a benchmark cleans up the ones it started.
        foreach (var manifest in Directory.Exists(Path.Combine(DataDirectory, "engines")) ? Directory.GetFiles(Path.Combine(DataDirectory, "engines"), "*.json") : [])
        {
            var pid = JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(manifest)).GetProperty("pid").GetInt32();
            try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        }
        _process.Kill();
        await _process.WaitForExitAsync();
        Http.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
