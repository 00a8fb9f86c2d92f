using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orrery.Benchmarks;

/// <summary>
/// The floor of driving engine turns: at every whole second one turn call to each engine, all issued at once,
/// the response read and nothing recorded; HTTP settings as Orrery's engine client. Reports its own timer
/// lateness (slot -> each call issued), the calls' latency and its CPU time.
/// </summary>
internal static class BareTurnLoop
{
    public static async Task<BareTurnResult> RunAsync(IReadOnlyList<Uri> engines, int seconds, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(2),
            AllowAutoRedirect = false,
            UseProxy = false,
        }) { Timeout = Timeout.InfiniteTimeSpan };
        var turns = engines.Select(e => new Uri(e, "api/v1/admin/turn")).ToArray();
        var latency = new ConcurrentQueue<double>();

        // One untimed round: connections open and the client's code paths jitted, as in a node that has been running.
        await Task.WhenAll(turns.Select(t => CallAsync(http, t, new ConcurrentQueue<double>(), cancellationToken)));

        var start = await WallClock.WaitForHalfSecondAsync(cancellationToken);
        var lateness = new List<double>(turns.Length * seconds);
        var calls = new Task[turns.Length];
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        for (var second = 1; second <= seconds; second++)
        {
            var slot = start.AddMilliseconds(second * 1000 - 500);
            TimeSpan wait;
            while ((wait = slot - DateTimeOffset.UtcNow) > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            for (var i = 0; i < turns.Length; i++)
            {
                lateness.Add((DateTimeOffset.UtcNow - slot).TotalMilliseconds);
                calls[i] = CallAsync(http, turns[i], latency, cancellationToken);
            }
            await Task.WhenAll(calls);
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        return new BareTurnResult(turns.Length * seconds, lateness, [.. latency], cpu);
    }

    private static async Task CallAsync(HttpClient http, Uri turn, ConcurrentQueue<double> latency, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Put, turn);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        latency.Enqueue(clock.Elapsed.TotalMilliseconds);
    }
}

/// <param name="LatenessMs">Per call: its slot -> the call issued.</param>
/// <param name="LatencyMs">Per call: issued -> response read.</param>
internal sealed record BareTurnResult(long Calls, IReadOnlyList<double> LatenessMs, IReadOnlyList<double> LatencyMs, TimeSpan Cpu)
{
    public double CpuMicrosecondsPerCall => Cpu.TotalMicroseconds / Math.Max(1, Calls);
}
