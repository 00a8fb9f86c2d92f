using System.Diagnostics;
using System.Net.Http.Json;
using Orrery.Api;

namespace Orrery.Benchmarks;

/// <summary>
/// start -> running latency of Orrery (API call to operation succeeded: spawn, healthz, init, records)
/// beside the bare floors: spawning the same engine binary and polling until its first healthz answers,
/// and the same followed by the init call every start has to make.
/// </summary>
internal static class StartLatencyBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 20;

        var bare = new List<double>();
        var bareWithInit = new List<double>();
        for (var i = 0; i < games; i++)
        {
            var (healthy, initialised) = await BareSpawnAsync();
            bare.Add(healthy);
            bareWithInit.Add(initialised);
        }

        var orrery = new List<double>();
        await using (var node = await NodeUnderTest.StartAsync())
        {
            for (var i = 0; i < games; i++)
            {
                var gameId = await node.RegisterGameAsync();
                var response = await node.Http.PostAsync($"games/{gameId}/start", null);
                var accepted = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeUnderTest.Json))!;
                var done = await node.WaitAsync(accepted.OperationId);
                if (done.Status != "succeeded")
                {
                    throw new InvalidOperationException($"start failed: {done.ErrorCode} {done.ErrorMessage}");
                }
                // The node's own timestamps (accepted -> succeeded), so the benchmark's polling does not
                // compete with the engine's start-up for the two cores.
                orrery.Add((done.FinishedAt!.Value - done.CreatedAt).TotalMilliseconds);
            }
        }

        Console.WriteLine($"{games} games, sequential starts, each a fresh engine process");
        Report.Header();
        Report.Row("start -> running p50 vs spawn -> healthz", Report.Percentile(orrery, 50), Report.Percentile(bare, 50), "ms");
        Report.Row("start -> running p95 vs spawn -> healthz", Report.Percentile(orrery, 95), Report.Percentile(bare, 95), "ms");
        // The engine's first init (its own JIT) is part of every start but not of the spawn -> healthz floor.
        Report.Row("start -> running p50 vs spawn -> healthz -> init", Report.Percentile(orrery, 50), Report.Percentile(bareWithInit, 50), "ms");
        Report.Row("start -> running p95 vs spawn -> healthz -> init", Report.Percentile(orrery, 95), Report.Percentile(bareWithInit, 95), "ms");
    }

    /// <returns>Milliseconds from spawn to the first healthz 200, and to the end of the init call after it.</returns>
    private static async Task<(double Healthy, double Initialised)> BareSpawnAsync()
    {
        var state = Directory.CreateTempSubdirectory("orrery-bench-bare-").FullName;
        var port = NodeUnderTest.FreePort();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(EngineBinary.StartInfo(state, port))!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        try
        {
            while (true)
            {
                try
                {
                    if ((await http.GetAsync($"http://127.0.0.1:{port}/healthz")).IsSuccessStatusCode)
                    {
                        var healthy = clock.Elapsed.TotalMilliseconds;
                        var init = new { gameId = Guid.NewGuid(), races = new[] { new { raceName = "Andorians" }, new { raceName = "Cygnans" } } };
                        (await http.PostAsJsonAsync($"http://127.0.0.1:{port}/api/v1/admin/init", init)).EnsureSuccessStatusCode();
                        return (healthy, clock.Elapsed.TotalMilliseconds);
                    }
                }
                catch (HttpRequestException) { }
                await Task.Delay(2);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
            Directory.Delete(state, recursive: true);
        }
    }
}
