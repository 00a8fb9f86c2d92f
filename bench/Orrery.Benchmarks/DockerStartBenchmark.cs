using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Engines;
using Orrery.Engines.Docker;

namespace Orrery.Benchmarks;

/// <summary>
/// Docker start -> running: Orrery's Docker engine host (image check, create, start, inspect) until the engine's
/// first healthz 200, beside <c>docker run -d</c> of the same image with the same limits on the host network until
/// its first healthz 200 (the limit: what an operator gets by hand). The two alternate, one game each, so a daemon
/// or disk that slows down over the run weighs on both.
/// Settings: <c>DOCKER_HOST</c> (unix socket of the daemon) and <c>ORRERY_BENCH_ENGINE_IMAGE</c>
/// (default <c>orrery/reference-engine:test</c>, built by deploy/engine-image/build.sh).
/// </summary>
internal static class DockerStartBenchmark
{
    private const string Stack = "bench-docker-start";

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 20;
        var image = Environment.GetEnvironmentVariable("ORRERY_BENCH_ENGINE_IMAGE") ?? "orrery/reference-engine:test";
        // The defaults of a production node (endpoint from DOCKER_HOST, limits), so the CLI baseline can copy them.
        var options = new DockerEngineHostOptions { Stack = Stack, ContainerPrefix = "orrery-bench-" };
        var endpoint = options.Endpoint;
        using var services = new ServiceCollection().AddLogging().AddMetrics().AddDockerEngineHost(o =>
        {
            o.Stack = options.Stack;
            o.ContainerPrefix = options.ContainerPrefix;
        }).BuildServiceProvider();
        var host = services.GetRequiredService<IEngineHost>();
        var state = Directory.CreateTempSubdirectory("orrery-bench-docker-").FullName;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var orrery = new List<double>();
        var dockerRun = new List<double>();
        try
        {
            // One of each first, not counted: the first container of a run pays for the daemon's and the page cache's warm-up.
            for (var i = -1; i < games; i++)
            {
                var viaOrrery = await OrreryStartAsync(host, http, image, state, cancellationToken);
                var viaCli = await DockerRunAsync(http, endpoint, image, options, state, cancellationToken);
                if (i >= 0)
                {
                    orrery.Add(viaOrrery);
                    dockerRun.Add(viaCli);
                }
            }
        }
        finally
        {
            foreach (var engine in await host.ListAsync(CancellationToken.None))
            {
                await host.RemoveAsync(engine.Id, CancellationToken.None);
            }
            Directory.Delete(state, recursive: true);
        }

        Console.WriteLine($"{games} games, sequential, alternating; image {image}; host network; limits {options.Cpus} CPU, {options.Memory}, {options.PidsLimit} pids");
        Report.Header();
        Report.Row("start -> first healthz p50 vs docker run -> first healthz", Report.Percentile(orrery, 50), Report.Percentile(dockerRun, 50), "ms");
        Report.Row("start -> first healthz p95 vs docker run -> first healthz", Report.Percentile(orrery, 95), Report.Percentile(dockerRun, 95), "ms");
    }

    private static async Task<double> OrreryStartAsync(IEngineHost host, HttpClient http, string image, string stateRoot, CancellationToken cancellationToken)
    {
        var gameId = Guid.NewGuid();
        var state = Directory.CreateDirectory(Path.Combine(stateRoot, gameId.ToString())).FullName;
        var clock = Stopwatch.StartNew();
        var engine = await host.RunAsync(new EngineRunSpec(gameId, "1.0.0", image, state), cancellationToken);
        await FirstHealthzAsync(http, engine.Endpoint, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await host.RemoveAsync(engine.Id, cancellationToken);
        return elapsed;
    }

    /// <summary><c>docker run</c> with what the host sets: name, labels aside, env, bind mount, limits, host network.</summary>
    private static async Task<double> DockerRunAsync(
        HttpClient http, string endpoint, string image, DockerEngineHostOptions options, string stateRoot, CancellationToken cancellationToken)
    {
        var name = "orrery-bench-cli-" + Guid.NewGuid().ToString("N")[..12];
        var state = Directory.CreateDirectory(Path.Combine(stateRoot, name)).FullName;
        var port = NodeUnderTest.FreePort();
        var clock = Stopwatch.StartNew();
        await DockerAsync(endpoint, cancellationToken,
            "run", "-d", "--name", name, "--network", "host", "--restart", "no",
            "--cpus", options.Cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "--memory", options.Memory, "--memory-swap", options.Memory,
            "--pids-limit", options.PidsLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mount", $"type=bind,source={state},target={options.StateMountPath}",
            "-e", $"GAME_STATE_PATH={options.StateMountPath}", "-e", $"ENGINE_PORT={port}", "-e", $"ASPNETCORE_URLS=http://127.0.0.1:{port}",
            image);
        await FirstHealthzAsync(http, new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await DockerAsync(endpoint, CancellationToken.None, "rm", "-f", name);
        return elapsed;
    }

    /// <summary>Polls every 2 ms, as the process start benchmark's bare floor does.</summary>
    private static async Task FirstHealthzAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(2, cancellationToken);
        }
        throw new TimeoutException($"The engine at {endpoint} did not answer /healthz within 30 s.");
    }

    private static async Task DockerAsync(string endpoint, CancellationToken cancellationToken, params string[] arguments)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["DOCKER_HOST"] = endpoint } };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"docker {arguments[0]} failed ({process.ExitCode}): {await error}");
        }
    }
}
