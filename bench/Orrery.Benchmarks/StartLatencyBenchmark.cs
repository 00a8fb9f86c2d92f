using System.Diagnostics;
using System.Net.Http.Json;
using Orrery.Api;

namespace Orrery.Benchmarks;

/// <summary>
/// start -> running latency of Orrery (API call to operation succeeded: spawn, healthz, init, records)
/// beside the bare floor: spawning the same engine binary and polling until its first healthz answers.
/// </summary>
internal static class StartLatencyBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var games = args.Length > 0 ? int.Parse(args[0]) : 20;

        var bare = new List<double>();
        for (var i = 0; i < games; i++)
        {
            bare.Add(await BareSpawnToHealthyAsync());
        }

        var orrery = new List<double>();
        await using (var node = await NodeUnderTest.StartAsync())
        {
            for (var i = 0; i < games; i++)
            {
                var gameId = await node.RegisterGameAsync();
                var clock = Stopwatch.StartNew();
                var response = await node.Http.PostAsync($"games/{gameId}/start", null);
                var accepted = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeUnderTest.Json))!;
                var done = await node.WaitAsync(accepted.OperationId);
                if (done.Status != "succeeded")
                {
                    throw new InvalidOperationException($"start failed: {done.ErrorCode} {done.ErrorMessage}");
                }
                orrery.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"{games} games, sequential starts, each a fresh engine process");
        Report.Header();
        Report.Row("start -> running p50", Report.Percentile(orrery, 50), Report.Percentile(bare, 50), "ms");
        Report.Row("start -> running p95", Report.Percentile(orrery, 95), Report.Percentile(bare, 95), "ms");
    }

    private static async Task<double> BareSpawnToHealthyAsync()
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
                        return clock.Elapsed.TotalMilliseconds;
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
