using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Persistence.Redis;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>
/// Orrery's RESP client on Redis Streams beside redis-benchmark on the same server, in the same run: pipelined
/// XADD entries/s (batches of 50, as <c>-P 50</c>) and XREAD COUNT 500 entries/s, with 1 and 4 callers (as
/// <c>-c 1</c> and <c>-c 4</c>). Orrery's reads page through the stream and decode every entry into fields;
/// redis-benchmark rereads the first 500 and decodes nothing.
/// </summary>
internal static class RedisStreamsBenchmark
{
    private const int Pipeline = 50;
    private const int ReadCount = 500;
    private const int Rounds = 3;
    private static readonly int[] Callers = [1, 4];
    private static readonly Dictionary<string, string> Entry = new() { ["f"] = "v" };

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var endpoint = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("ORRERY_TEST_REDIS")
            ?? throw new ArgumentException("usage: redis-streams <host:port> [entries] (or set ORRERY_TEST_REDIS)");
        var entries = args.Length > 1 ? int.Parse(args[1]) : 200_000;

        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.None))
            .AddRedisEventStream(endpoint)
            .BuildServiceProvider();
        await using var _ = services;
        var log = services.GetRequiredService<IEventStream>();
        var redis = services.GetRequiredService<RedisClient>();
        var keys = new List<string>();
        try
        {
            Console.WriteLine($"{entries} entries per run on {redis.Settings}; XADD in batches of {Pipeline}, XREAD COUNT {ReadCount}; median of {Rounds} runs each");
            var warmUp = NewStream(keys);
            await AppendPerSecondAsync(log, warmUp, 10_000, 1, cancellationToken);
            await ReadPerSecondAsync(log, warmUp, 10_000, 1, cancellationToken);

            Report.Header();
            foreach (var callers in Callers)
            {
                // Orrery and redis-benchmark take turns, so a burst of load elsewhere on the machine hits both.
                var streams = new List<string>();
                var appended = await MedianAsync(() => AppendPerSecondAsync(log, NewStream(keys, streams), entries, callers, cancellationToken),
                    () => RedisBenchmarkTool.RequestsPerSecondAsync(
                        redis.Settings, entries, callers, Pipeline, ["XADD", NewStream(keys), "*", "f", "v"], cancellationToken));
                Report.Row($"XADD entries/s, {callers} caller(s), pipelined {Pipeline}", appended.Orrery, appended.Baseline, "/s", "0");

                var read = await MedianAsync(() => ReadPerSecondAsync(log, streams[0], entries, callers, cancellationToken),
                    async () => ReadCount * await RedisBenchmarkTool.RequestsPerSecondAsync(
                        redis.Settings, entries / ReadCount * callers, callers, 1, ["XREAD", "COUNT", $"{ReadCount}", "STREAMS", streams[0], "0-0"], cancellationToken));
                Report.Row($"XREAD COUNT {ReadCount} entries/s, {callers} caller(s)", read.Orrery, read.Baseline, "/s", "0");
            }
        }
        finally
        {
            await redis.ExecuteAsync(new(["DEL", .. keys]), CancellationToken.None);
        }
    }

    private static async Task<(double Orrery, double Baseline)> MedianAsync(Func<Task<double>> orrery, Func<Task<double>> baseline)
    {
        var (ours, theirs) = (new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            ours.Add(await orrery());
            theirs.Add(await baseline());
        }
        return (Report.Percentile(ours, 50), Report.Percentile(theirs, 50));
    }

    private static string NewStream(List<string> keys, List<string>? also = null)
    {
        var stream = $"orrery-bench:{Guid.NewGuid():N}";
        keys.Add(stream);
        also?.Add(stream);
        return stream;
    }

    /// <summary>Each caller appends its share in batches of <see cref="Pipeline"/>, one batch in flight at a time.</summary>
    private static async Task<double> AppendPerSecondAsync(IEventStream log, string stream, int entries, int callers, CancellationToken cancellationToken)
    {
        var batch = Enumerable.Repeat<IReadOnlyDictionary<string, string>>(Entry, Pipeline).ToList();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var appended = 0; appended < entries / callers; appended += Pipeline)
            {
                await log.AppendManyAsync(stream, batch, null, cancellationToken);
            }
        }, cancellationToken)));
        return entries / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Each caller pages through the whole stream, <see cref="ReadCount"/> entries a read.</summary>
    private static async Task<double> ReadPerSecondAsync(IEventStream log, string stream, int entries, int callers, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var read = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var (after, count) = ("0-0", 0L);
            IReadOnlyList<StreamEntry> page;
            while ((page = await log.ReadAsync(stream, after, ReadCount, TimeSpan.Zero, cancellationToken)).Count > 0)
            {
                (after, count) = (page[^1].Id, count + page.Count);
            }
            return count;
        }, cancellationToken)));
        var total = read.Sum();
        return total == (long)entries * callers
            ? total / clock.Elapsed.TotalSeconds
            : throw new InvalidOperationException($"Read {total} entries, expected {entries} per caller.");
    }
}
