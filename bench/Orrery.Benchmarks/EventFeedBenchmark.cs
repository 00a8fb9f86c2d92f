using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Persistence.Redis;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>
/// Issue 16 item 8b: what idle followers of <c>GET /api/v1/events</c> cost a node (the orrery binary in a process
/// of its own, no games): its CPU time over a window and its resident memory with 0, 1 and N open SSE connections
/// (this process holds them), then the delivery latency of one lobby event to every follower, from the moment it
/// was appended, N followers beside one. Streams on Redis (<c>ORRERY_TEST_REDIS</c>), where this process appends
/// the event itself; <c>embedded</c> measures the idle cost on the SQLite log alone (no latency: only the node
/// appends there).
/// </summary>
internal static class EventFeedBenchmark
{
    private const string BenchEvent = "bench_probe";

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var counts = (args.Length > 0 ? args[0] : "1000,10000").Split(',').Select(int.Parse).ToArray();
        var window = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20);
        var mode = args.Length > 2 ? args[2] : "redis";
        var limit = OpenFileLimit.Raise();
        var redis = Environment.GetEnvironmentVariable("ORRERY_TEST_REDIS");
        if (mode == "redis" && string.IsNullOrEmpty(redis))
        {
            throw new InvalidOperationException("mode redis needs ORRERY_TEST_REDIS (host:port), e.g. from scripts/test-servers.sh");
        }
        Console.WriteLine($"streams {mode}; followers {string.Join(", ", counts)}; CPU window {window.TotalSeconds:0} s; open-file limit {limit}");

        string[] settings = mode == "redis"
            ? ["--Orrery:Streams=redis", $"--ConnectionStrings:Redis={redis}", "--Orrery:EngineCapacity=0", "--Orrery:Reconcile:Interval=01:00:00"]
            : ["--Orrery:EngineCapacity=0", "--Orrery:Reconcile:Interval=01:00:00"];
        await using var node = await NodeUnderTest.StartAsync(settings);
        await using var streams = mode == "redis" ? new ServiceCollection().AddRedisEventStream(redis!).BuildServiceProvider() : null;
        var log = streams?.GetRequiredService<IEventStream>();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(node.Url + "/api/v1/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // start-up work settles
        var none = await MeasureIdleAsync(node.Pid, window, cancellationToken);
        Console.WriteLine($"0 followers: {none.CorePercent:0.00}% of a core, RSS {none.RssKiB / 1024:0} MiB");

        var results = new List<(int Count, Idle Idle, List<double> Latencies)>();
        foreach (var count in counts.Prepend(1))
        {
            await using var followers = await Followers.OpenAsync(http, count, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // the accepts settle
            var idle = await MeasureIdleAsync(node.Pid, window, cancellationToken);
            var latencies = log is null ? [] : await DeliverAsync(log, followers, rounds: 5, cancellationToken);
            Console.WriteLine($"{count} followers: {idle.CorePercent:0.00}% of a core, RSS {idle.RssKiB / 1024:0} MiB " +
                $"({(idle.RssKiB - none.RssKiB) / count:0.0} KiB each); delivered to all in {Report.Percentile(latencies, 100):0.0} ms (max of 5 rounds)");
            results.Add((count, idle, latencies));
        }

        var one = results[0];
        Report.Header();
        Report.Row("idle CPU, no followers (baseline: none)", none.CorePercent, double.NaN, "% of a core", "0.00");
        foreach (var (count, idle, latencies) in results.Skip(1))
        {
            Report.Row($"idle CPU, {count} followers (baseline: 1)", idle.CorePercent, one.Idle.CorePercent, "% of a core", "0.00");
            Report.Row($"idle CPU added by {count} followers, over none (baseline: 1's)", idle.CorePercent - none.CorePercent,
                one.Idle.CorePercent - none.CorePercent, "% of a core", "0.00");
            Report.Row($"RSS per idle follower, {count} (baseline: the 1 follower's)", (idle.RssKiB - none.RssKiB) / count, one.Idle.RssKiB - none.RssKiB, "KiB", "0.0");
            if (latencies.Count > 0)
            {
                Report.Row($"delivery to a follower p50, {count} (baseline: 1)", Report.Percentile(latencies, 50), Report.Percentile(one.Latencies, 50), "ms", "0.0");
                Report.Row($"delivery to the last follower, {count} (baseline: 1)", Report.Percentile(latencies, 100), Report.Percentile(one.Latencies, 100), "ms", "0.0");
            }
        }
    }

    /// <summary>The node's CPU time over <paramref name="window"/> (as a share of one core) and its RSS at the end.</summary>
    private static async Task<Idle> MeasureIdleAsync(int pid, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = CpuTicks(pid);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(window, cancellationToken);
        var ticks = CpuTicks(pid) - before;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Idle(100.0 * ticks / 100 / seconds, RssKiB(pid));
    }

    /// <summary>Appends one event per round and waits until every follower has it; the latency of each follower, in ms.</summary>
    private static async Task<List<double>> DeliverAsync(IEventStream log, Followers followers, int rounds, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var arrived = followers.Expect($"{round}");
            var sent = Stopwatch.GetTimestamp();
            await log.AppendAsync(StreamNames.LobbyEvents, new Dictionary<string, string> { ["event_type"] = BenchEvent, ["round"] = $"{round}" }, null, cancellationToken);
            foreach (var at in await arrived.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken))
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            }
            await Task.Delay(500, cancellationToken);
        }
        return latencies;
    }

    // utime + stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (USER_HZ, 100 on Linux).
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static double RssKiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? double.Parse(kib, CultureInfo.InvariantCulture) : double.NaN;

    private sealed record Idle(double CorePercent, double RssKiB);

    /// <summary>Open SSE connections to the node, each read by a task of its own that notes when a probe event arrives.</summary>
    private sealed class Followers : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _readers = [];
        private readonly Lock _gate = new();
        private string? _expected;
        private long[] _arrivals = [];
        private int _arrived;
        private TaskCompletionSource<long[]> _all = new();

        public static async Task<Followers> OpenAsync(HttpClient http, int count, CancellationToken cancellationToken)
        {
            var followers = new Followers();
            var ready = new CountdownEvent(count);
            // At most 64 connections being opened at once; not disposed, as followers release it after this returns.
            var opening = new SemaphoreSlim(64);
            for (var i = 0; i < count; i++)
            {
                await opening.WaitAsync(cancellationToken);
                var index = i;
                followers._readers.Add(Task.Run(() => followers.FollowAsync(http, index, ready, opening), CancellationToken.None));
            }
            var started = Stopwatch.GetTimestamp();
            while (!ready.Wait(100, cancellationToken))
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{ready.CurrentCount} of {count} followers never got the ready event");
                }
            }
            Console.WriteLine($"{count} followers connected in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s after the last was opened");
            return followers;
        }

        /// <summary>The instant each follower receives the probe of <paramref name="round"/>.</summary>
        public Task<long[]> Expect(string round)
        {
            lock (_gate)
            {
                _expected = round;
                _arrivals = new long[_readers.Count];
                _arrived = 0;
                _all = new TaskCompletionSource<long[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _all.Task;
            }
        }

        private async Task FollowAsync(HttpClient http, int index, CountdownEvent ready, SemaphoreSlim opening)
        {
            var released = false;
            try
            {
                using var response = await http.GetAsync("events", HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(_stop.Token);
                await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
                {
                    if (item.EventType == "ready")
                    {
                        opening.Release();
                        released = true;
                        ready.Signal();
                    }
                    else if (item.EventType == BenchEvent)
                    {
                        Arrived(index, item.Data, Stopwatch.GetTimestamp());
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            finally
            {
                if (!released)
                {
                    opening.Release();
                }
            }
        }

        private void Arrived(int index, string data, long at)
        {
            lock (_gate)
            {
                if (_expected is null || !data.Contains($"\"round\":\"{_expected}\"", StringComparison.Ordinal) || _arrivals[index] != 0)
                {
                    return;
                }
                _arrivals[index] = at;
                if (++_arrived == _arrivals.Length)
                {
                    _all.TrySetResult(_arrivals);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_readers);
            _stop.Dispose();
        }
    }
}
