using System.Diagnostics;

namespace Orrery.Tests.Shared;

/// <summary>
/// A PostgreSQL cluster of one test, which it may stop and start again on the same port (the shared test
/// cluster must stay up for the other suites): <c>initdb</c> from <c>ORRERY_TEST_POSTGRES_BIN</c> in a temp
/// directory, <c>trust</c> authentication, loopback only. Run as the <c>postgres</c> OS user when the tests run
/// as root, since the server refuses root. Without the binaries the test is skipped, or fails under
/// <c>ORRERY_REQUIRE_SERVERS=1</c>.
/// </summary>
internal sealed class PrivatePostgresCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private readonly string _bin;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("orrery-postgres-test-");
    private readonly int _port = TestServers.FreeLoopbackPort();

    private PrivatePostgresCluster(string bin) => _bin = bin;

    /// <summary>A superuser connection string to the cluster's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    private string DataDirectory => Path.Combine(_directory.FullName, "data");

    private static bool RunningAsRoot => Environment.UserName == "root";

    /// <summary>A new cluster, started.</summary>
    public static async Task<PrivatePostgresCluster> CreateAsync()
    {
        var bin = Environment.GetEnvironmentVariable("ORRERY_TEST_POSTGRES_BIN");
        if (string.IsNullOrWhiteSpace(bin) || !File.Exists(Path.Combine(bin, "initdb")))
        {
            TestServers.Missing("PostgreSQL binaries are not available: ORRERY_TEST_POSTGRES_BIN is not set (scripts/test-servers.sh sets it).");
        }
        var cluster = new PrivatePostgresCluster(bin!);
        if (RunningAsRoot)
        {
            await cluster.RunAsync("chown", ["postgres", cluster._directory.FullName], asPostgres: false);
        }
        await cluster.RunAsync(Path.Combine(bin!, "initdb"),
            ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-instructions"]);
        await cluster.StartAsync();
        return cluster;
    }

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public Task StartAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
    [
        "-D", DataDirectory, "-l", Path.Combine(_directory.FullName, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_directory.FullName}", "start",
    ]);

    /// <summary>Stops the server at once, as a crash would (no checkpoint: it recovers from its WAL on start).</summary>
    public Task StopAsync() => StopAsync("immediate");

    /// <summary>Stops the server in <c>pg_ctl</c>'s <paramref name="mode"/>: <c>fast</c> ends the sessions and checkpoints, as an operator's stop does.</summary>
    public Task StopAsync(string mode) => RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", mode, "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped (the test stopped it last, or it never started).
        }
        _directory.Delete(recursive: true);
    }

    private async Task RunAsync(string file, IEnumerable<string> arguments, bool asPostgres = true)
    {
        var start = new ProcessStartInfo(asPostgres && RunningAsRoot ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory.FullName,
        };
        if (asPostgres && RunningAsRoot)
        {
            foreach (var prefix in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(prefix);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
