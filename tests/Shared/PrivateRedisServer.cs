using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orrery.Persistence.Redis;

namespace Orrery.Tests.Shared;

/// <summary>
/// A redis-server of one test, which it may stop and start again on the same port (the shared test server
/// must stay up for the other suites). The binary is <c>ORRERY_TEST_REDIS_SERVER</c> or <c>redis-server</c>
/// on the PATH; without it the test is skipped, or fails under <c>ORRERY_REQUIRE_SERVERS=1</c>. With
/// <c>durable</c> it writes every command to its append-only file before answering (<c>appendfsync always</c>),
/// so what it acknowledged survives a kill, as a production server configured for it would.
/// </summary>
internal sealed class PrivateRedisServer : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string? _password;
    private readonly bool _durable;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("orrery-redis-test-");
    private Process? _process;

    private PrivateRedisServer(string binary, string? password, bool durable)
    {
        (_binary, _password, _durable) = (binary, password, durable);
        Port = TestServers.FreeLoopbackPort();
    }

    public int Port { get; }

    public string ConnectionString => _password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={_password}";

    public RedisConnectionSettings Settings => RedisConnectionSettings.Parse(ConnectionString);

    /// <summary><c>redis-cli</c> beside the server binary, for writing as another producer would.</summary>
    public string CliBinary => Path.Combine(Path.GetDirectoryName(_binary)!, "redis-cli");

    public static async Task<PrivateRedisServer> StartAsync(string? password = null, bool durable = false)
    {
        var server = new PrivateRedisServer(FindBinary(), password, durable);
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var arguments = new List<string> { "--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--dir", _directory.FullName };
        arguments.AddRange(_durable ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]);
        if (_password is not null)
        {
            arguments.AddRange(["--requirepass", _password]);
        }
        var start = new ProcessStartInfo(_binary) { RedirectStandardOutput = true };
        arguments.ForEach(start.ArgumentList.Add);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        await WaitUntilAcceptingAsync();
    }

    /// <summary>Kills the server (as a crash or an OOM kill would) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task WaitUntilAcceptingAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 5 s.");
    }

    private static string FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("ORRERY_TEST_REDIS_SERVER");
        var candidates = string.IsNullOrWhiteSpace(configured)
            ? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "redis-server"))
            : [configured];
        return candidates.FirstOrDefault(File.Exists)
            ?? TestServers.Missing("redis-server is not available: neither ORRERY_TEST_REDIS_SERVER nor redis-server on the PATH.");
    }
}
