using System.Diagnostics;

namespace Orrery.Tests.Shared;

/// <summary>
/// A second dockerd of one test, started the way <c>scripts/test-servers.sh</c> starts the shared one (its own data root,
/// exec root and unix socket; no iptables, no bridge), with the reference engine image copied into it from the shared
/// daemon (<c>docker save | docker load</c>). The test may stop it (a daemon that is down) and start it again. Needs
/// root and dockerd on the PATH; without them the test is skipped, or fails under <c>ORRERY_REQUIRE_SERVERS=1</c>.
/// </summary>
internal sealed class PrivateDockerDaemon : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Under /tmp whatever TMPDIR says: unix socket paths (dockerd's, containerd's) must stay under 108 bytes.
    private readonly DirectoryInfo _directory = new(Path.Combine("/tmp", "orrery-dockerd-" + Guid.NewGuid().ToString("N")[..8]));
    private readonly string _driver;
    private Process? _process;

    private PrivateDockerDaemon(string driver)
    {
        _directory.Create();
        _driver = driver;
    }

    /// <summary><c>unix:///tmp/.../docker.sock</c>.</summary>
    public string Endpoint => $"unix://{SocketPath}";

    private string SocketPath => Path.Combine(_directory.FullName, "docker.sock");

    /// <summary>Starts a daemon and loads <paramref name="images"/> into it from the shared test daemon.</summary>
    public static async Task<PrivateDockerDaemon> StartAsync(IReadOnlyList<string> images, CancellationToken cancellationToken)
    {
        var shared = TestServers.Docker;
        if (Environment.UserName != "root" || !OnPath("dockerd"))
        {
            TestServers.Missing("A second dockerd needs root and dockerd on the PATH.");
        }
        var drivers = (Environment.GetEnvironmentVariable("ORRERY_TEST_DOCKER_STORAGE") ?? "overlay2 vfs").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var failures = new List<string>();
        foreach (var driver in drivers)
        {
            var daemon = new PrivateDockerDaemon(driver);
            try
            {
                await daemon.StartAsync(cancellationToken);
                foreach (var image in images)
                {
                    await CopyImageAsync(shared, daemon.Endpoint, image, cancellationToken);
                }
                return daemon;
            }
            catch (InvalidOperationException ex)
            {
                failures.Add($"{driver}: {ex.Message}");
                await daemon.DisposeAsync();
            }
        }
        throw new InvalidOperationException("A second dockerd did not start: " + string.Join("; ", failures));
    }

    /// <summary>Starts the daemon (again) on the same socket and data, and waits until it answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dir = _directory.FullName;
        var start = new ProcessStartInfo("dockerd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[
            "--iptables=false", "--ip-forward=false", "--ip-masq=false", "--bridge=none", "--userland-proxy=false",
            $"--storage-driver={_driver}", $"--data-root={dir}/data", $"--exec-root={dir}/exec", $"--pidfile={dir}/dockerd.pid",
            $"--host={Endpoint}", "--log-level=warn"])
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"dockerd exited with {_process.ExitCode}");
            }
            if (File.Exists(SocketPath) && await TryDockerAsync(Endpoint, ["version"], cancellationToken))
            {
                return;
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new InvalidOperationException($"dockerd did not answer within {StartTimeout}");
    }

    /// <summary>Stops the daemon as an operator or a crash of its machine would take it away: its engines stop with it.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(); // SIGKILL: what a host that goes away looks like; runc cleans up below
            await process.WaitForExitAsync();
        }
        await CleanUpContainersAsync();
    }

    /// <summary>The docker CLI against this daemon.</summary>
    public Task<string> DockerAsync(params string[] arguments) => RunDockerAsync(Endpoint, arguments, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await TryDockerAsync(Endpoint, ["rm", "-f", .. (await DockerAsync("ps", "-aq")).Split('\n', StringSplitOptions.RemoveEmptyEntries)], CancellationToken.None);
        }
        await StopAsync();
        _process?.Dispose();
        Unmount();
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A mount that would not go: left for the machine's next clean-up rather than failing the test.
        }
    }

    /// <summary>The daemon's managed containerd and shims outlive a killed dockerd: runc kills what they still run.</summary>
    private async Task CleanUpContainersAsync()
    {
        var runcRoot = Path.Combine(_directory.FullName, "exec", "runtime-runc", "moby");
        if (!Directory.Exists(runcRoot) || !OnPath("runc"))
        {
            return;
        }
        foreach (var id in (await RunAsync("runc", ["--root", runcRoot, "list", "-q"])).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await RunAsync("runc", ["--root", runcRoot, "delete", "--force", id]);
        }
        foreach (var process in Process.GetProcesses())
        {
            try
            {
                if (process.Id != Environment.ProcessId
                    && File.ReadAllText($"/proc/{process.Id}/cmdline").Contains(_directory.FullName + "/", StringComparison.Ordinal))
                {
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }

    /// <summary>dockerd bind-mounts its data root on itself and leaves network namespaces under the exec root. Deepest first.</summary>
    private void Unmount()
    {
        var prefix = _directory.FullName + "/";
        var mounts = File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' ')[4])
            .Where(mount => mount.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(mount => mount.Length);
        foreach (var mount in mounts)
        {
            RunAsync("umount", ["-l", mount]).GetAwaiter().GetResult();
        }
    }

    private static async Task CopyImageAsync(string from, string to, string image, CancellationToken cancellationToken)
    {
        var archive = Path.Combine(Path.GetTempPath(), $"orrery-image-{Guid.NewGuid():N}.tar");
        try
        {
            await RunDockerAsync(from, ["save", "-o", archive, image], cancellationToken);
            await RunDockerAsync(to, ["load", "-i", archive], cancellationToken);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static async Task<bool> TryDockerAsync(string endpoint, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            await RunDockerAsync(endpoint, arguments, cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The docker CLI against <paramref name="endpoint"/>; its output, or <see cref="InvalidOperationException"/> with its error.</summary>
    /// <param name="environment">More environment variables for the CLI (e.g. <c>DOCKER_BUILDKIT</c>).</param>
    public static async Task<string> RunDockerAsync(
        string endpoint, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["DOCKER_HOST"] = endpoint } };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run the docker CLI.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await error).Trim()}");
    }

    private static async Task<string> RunAsync(string binary, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output;
    }

    private static bool OnPath(string binary) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, binary)));
}
