using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orrery.Benchmarks.InMemory;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Sqlite;
using Orrery.Specs;
using Orrery.Specs.Instances;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>
/// Durable spec-instance transitions per second (SPEC §9), synchronous (each caller waits until its change is
/// stored), from concurrent callers each moving its own instance back and forth, with 1 and with 4 shards, on SQLite
/// and on PostgreSQL. Baseline: a raw loop writing the same rows one at a time through the same store adapter
/// (<see cref="ISpecInstanceStore.WriteAsync"/> with one upsert, one transaction each), no shards, no queues.
/// Then the asynchronous form (the runtime's): one caller posts transitions as fast as it can; its cost per call
/// beside a bare unbounded channel write, and the rate at which the shards make them durable.
/// </summary>
internal static class SpecInstancesBenchmark
{
    private const string Spec = "Specification: bench\nLearning mode: false\nTransitions:\nnil --[__initialisation__]-> a\na --[go]-> b\nb --[back]-> a\n";

    public static async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var callers = args.Length > 0 ? int.Parse(args[0]) : 64;
        var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 5);
        var stores = args.Length > 2 ? args[2].Split(',') : ["sqlite", "postgres"];
        Console.WriteLine($"{callers} concurrent callers, {duration.TotalSeconds:0} s per measure, synchronous transitions (each awaits its durable write)");
        Report.Header();
        var bareWrite = BareChannelWriteNanoseconds();
        foreach (var store in stores)
        {
            var (raw, _, _) = await MeasureAsync(store, shards: 0, callers, duration, cancellationToken);
            foreach (var shards in new[] { 1, 4 })
            {
                var (sync, postNanoseconds, drained) = await MeasureAsync(store, shards, callers, duration, cancellationToken);
                Report.Row($"{store}: transitions/s, {shards} shard(s) vs raw loop of one-row writes", sync, raw, "/s", "#,0");
                Report.Row($"{store}: PostTransition, caller's ns per call, {shards} shard(s) vs a bare channel write", postNanoseconds, bareWrite, "ns", "#,0");
                Report.Row($"{store}: posted transitions made durable per second, {shards} shard(s) vs raw loop", drained, raw, "/s", "#,0");
            }
        }
    }

    private const int Posts = 200_000;

    private static double BareChannelWriteNanoseconds()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<object>(new() { SingleReader = true });
        var item = new object();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Posts; i++)
        {
            channel.Writer.TryWrite(item);
        }
        return clock.Elapsed.TotalNanoseconds / Posts;
    }

    /// <param name="shards">0: the raw loop.</param>
    private static async Task<(double Sync, double PostNanoseconds, double Drained)> MeasureAsync(string store, int shards, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var temporary = store == "postgres" ? await TemporaryPostgresDatabase.CreateAsync(cancellationToken) : null;
        var directory = Directory.CreateTempSubdirectory("orrery-bench-spec-").FullName;
        var services = new ServiceCollection()
            // Each of the spec's transitions is a deviation once (no checker here): not news in a benchmark's output.
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddFilter(typeof(SpecReports).FullName, LogLevel.Error).AddSimpleConsole())
            .AddMetrics();
        if (temporary is not null)
        {
            services.AddPostgresStore(temporary.Connection.ConnectionString);
            services.AddSingleton<IEventStream>(new InMemoryEventStream(TimeProvider.System));
        }
        else
        {
            services.AddSqliteStore(Path.Combine(directory, "orrery.db"));
        }
        services.AddSpecInstances(o => o.DistributionFactor = Math.Max(shards, 1));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        try
        {
            return shards == 0
                ? (await RawLoopAsync(provider.GetRequiredService<ISpecInstanceStore>(), duration, cancellationToken), 0, 0)
                : await ShardedAsync(provider, callers, duration, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double Sync, double PostNanoseconds, double Drained)> ShardedAsync(IServiceProvider provider, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var host = provider.GetServices<IHostedService>().OfType<SpecShardHost>().Single();
        await host.StartAsync(cancellationToken);
        await provider.GetRequiredService<SpecRegistry>().RegisterAsync(SpexFormat.Parse(Spec), cancellationToken);
        var instances = provider.GetRequiredService<SpecInstances>();
        var ids = Enumerable.Range(0, callers).Select(i => $"bench-{i}").ToArray();
        await Task.WhenAll(ids.Select(id => instances.InitAsync("bench", id, null, null, cancellationToken)));
        var clock = Stopwatch.StartNew();
        var counts = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            long count = 0;
            for (var forth = true; clock.Elapsed < duration; forth = !forth, count++)
            {
                await instances.TransitionAsync(id, forth ? "go" : "back", forth ? "b" : "a", cancellationToken);
            }
            return count;
        }, cancellationToken)));
        var rate = counts.Sum() / clock.Elapsed.TotalSeconds;

        // The same instances, now in state a or b: put each back in a, then post go/back rounds over them.
        await Task.WhenAll(ids.Select(id => instances.MockAsync("bench", id, "a", null, cancellationToken)));
        clock.Restart();
        for (var i = 0; i < Posts; i++)
        {
            var forth = i / ids.Length % 2 == 0;
            instances.PostTransition(ids[i % ids.Length], forth ? "go" : "back", forth ? "b" : "a");
        }
        var posting = clock.Elapsed;
        // A read queues behind every post to its shard: when each instance's read answers, its posts are durable.
        await Task.WhenAll(ids.Select(id => instances.GetAsync(id, cancellationToken)));
        var drained = Posts / clock.Elapsed.TotalSeconds;
        await host.StopAsync(cancellationToken);
        return (rate, posting.TotalNanoseconds / Posts, drained);
    }

    /// <summary>The same row changes, one write each, in one loop.</summary>
    private static async Task<double> RawLoopAsync(ISpecInstanceStore store, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var instance = new SpecInstance("bench-0", "bench", "a", null, now, now, now);
        var clock = Stopwatch.StartNew();
        long count = 0;
        for (var forth = true; clock.Elapsed < duration; forth = !forth, count++)
        {
            now = DateTimeOffset.UtcNow;
            instance = instance with { Id = $"bench-{count % 64}", State = forth ? "b" : "a", StateChangedAt = now, UpdatedAt = now };
            await store.WriteAsync(new SpecInstanceBatch([instance], [], []), cancellationToken);
        }
        return count / clock.Elapsed.TotalSeconds;
    }
}
