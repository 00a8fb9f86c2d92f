using Orrery.Cluster;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Games;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Redis;
using Orrery.Persistence.Sqlite;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>
/// Health events applied per second by the consumer (batched reads, one CAS per game per batch, one store
/// write per batch), beside the seed's design in the same run: one entry at a time (read 1, get, CAS, get,
/// publish, save offset). <c>health-consumer</c> runs on the embedded log and SQLite; <c>health-consumer-redis</c>
/// on Redis Streams and PostgreSQL, where the consumer is a member of the consumer group (reads, claims, XACK),
/// as a production replica is.
/// </summary>
/// <remarks>Arguments: [events=200000] [games=2000] [baseline events=20000] [batch size=consumer default].</remarks>
internal static class HealthConsumerBenchmark
{
    private const int AppendChunk = 1_000;
    private static readonly HealthEventType[] Types = Enum.GetValues<HealthEventType>();

    public static async Task RunEmbeddedAsync(string[] args, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("orrery-bench-health-");
        try
        {
            await RunAsync(args, "embedded log + SQLite", services => services.AddSqliteStore(Path.Combine(root.FullName, "orrery.db")), cancellationToken);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <remarks>Needs a throwaway Redis (<c>ORRERY_BENCH_REDIS</c> or <c>ORRERY_TEST_REDIS</c>): the run writes its real stream keys, and removes them after.</remarks>
    public static async Task RunRedisPostgresAsync(string[] args, CancellationToken cancellationToken)
    {
        var redis = Environment.GetEnvironmentVariable("ORRERY_BENCH_REDIS") ?? Environment.GetEnvironmentVariable("ORRERY_TEST_REDIS")
            ?? throw new InvalidOperationException("Set ORRERY_BENCH_REDIS (or ORRERY_TEST_REDIS) to host:port of a throwaway Redis.");
        await using var database = await TemporaryPostgresDatabase.CreateAsync(cancellationToken);
        await RunAsync(args, "Redis Streams (consumer group) + PostgreSQL",
            services => services.AddPostgresStore(database.ConnectionString).AddRedisEventStream(redis), cancellationToken);
    }

    private static async Task RunAsync(string[] args, string stack, Action<IServiceCollection> addAdapters, CancellationToken cancellationToken)
    {
        var events = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        var games = args.Length > 1 ? int.Parse(args[1]) : 2_000;
        var baselineEvents = Math.Min(events, args.Length > 2 ? int.Parse(args[2]) : 20_000);
        var batchSize = args.Length > 3 ? int.Parse(args[3]) : new HealthConsumerOptions().BatchSize;

        var services = new ServiceCollection();
        services.Configure<HealthConsumerOptions>(o => o.BatchSize = batchSize);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.None));
        services.AddMetrics();
        addAdapters(services);
        services.AddShardOwnership();
        services.AddLifecycle();
        services.AddHealthEventConsumer();
        await using var provider = services.BuildServiceProvider();
        await using var streams = await StreamKeys.ClaimAsync(provider, cancellationToken);
        await provider.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        // Only the fences: no participant (operation workers, scheduler) is handed the games, as the consumer needs none.
        var owned = provider.GetRequiredService<OwnedShards>();
        foreach (var shard in owned.Shards.All)
        {
            var epoch = await provider.GetRequiredService<IShardLeaseStore>().AcquireAsync(shard, ShardOwner.Standalone, DateTimeOffset.UtcNow, cancellationToken);
            owned.Hold(new OwnerFence(shard, epoch));
        }
        var gameIds = await SeedGamesAsync(provider, games, cancellationToken);
        await AppendEventsAsync(provider.GetRequiredService<IEventStream>(), gameIds, events, cancellationToken);

        var consumer = provider.GetRequiredService<HealthEventConsumer>();
        var clock = Stopwatch.StartNew();
        var consumed = 0;
        int batch;
        while ((batch = await consumer.ProcessNextBatchAsync(TimeSpan.Zero, cancellationToken)) > 0)
        {
            consumed += batch;
        }
        var orrery = consumed / clock.Elapsed.TotalSeconds;

        var baseline = await OneAtATimeAsync(provider, baselineEvents, cancellationToken);

        Console.WriteLine($"{consumed} events for {games} games ({stack}), batches of {batchSize}; baseline over the first {baselineEvents}");
        Report.Header();
        Report.Row("events applied/s vs one at a time", orrery, baseline, "/s", "#,0");
    }

    private static async Task<Guid[]> SeedGamesAsync(IServiceProvider services, int count, CancellationToken cancellationToken)
    {
        var gamesStore = services.GetRequiredService<IGameStore>();
        var runtimes = services.GetRequiredService<IRuntimeStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.NewGuid();
            await gamesStore.UpsertAsync(new Game(ids[i], "1.0.0", "0 0 * * *", [new Membership(Guid.NewGuid(), "Andorians")], now, now), cancellationToken);
            await runtimes.TryInsertAsync(RuntimeRecord.NewStarting(ids[i], "0 0 * * *", now) with
            {
                Status = RuntimeStatus.Running,
                EngineId = $"engine-{i}",
                EngineEndpoint = "http://127.0.0.1:9/",
            }, cancellationToken);
        }
        return ids;
    }

    private static async Task AppendEventsAsync(IEventStream stream, Guid[] games, int count, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        for (var appended = 0; appended < count; appended += AppendChunk)
        {
            var chunk = Enumerable.Range(0, Math.Min(AppendChunk, count - appended))
                .Select(_ => (IReadOnlyDictionary<string, string>)HealthEventCodec.Encode(
                    new HealthEvent(games[random.Next(games.Length)], "engine", Types[random.Next(Types.Length)], now)))
                .ToList();
            await stream.AppendManyAsync(StreamNames.HealthEvents, chunk, null, cancellationToken);
        }
    }

    /// <summary>The seed's consumer: every entry read, applied and acknowledged on its own, after an offset.</summary>
    private static async Task<double> OneAtATimeAsync(IServiceProvider services, int count, CancellationToken cancellationToken)
    {
        var stream = services.GetRequiredService<IEventStream>();
        var runtimes = services.GetRequiredService<IRuntimeStore>();
        var stats = services.GetRequiredService<IPlayerStatsStore>();
        var lobby = services.GetRequiredService<LobbyEventPublisher>();
        var lastPublished = new Dictionary<Guid, string>();
        const string label = "one_at_a_time";

        var clock = Stopwatch.StartNew();
        for (var applied = 0; applied < count; applied++)
        {
            var offset = await stream.GetOffsetAsync(StreamNames.HealthEvents, label, cancellationToken);
            var entry = (await stream.ReadAsync(StreamNames.HealthEvents, offset, 1, TimeSpan.Zero, cancellationToken)).Single();
            HealthEventCodec.TryDecode(entry.Fields, out var healthEvent, out _);
            var before = (await runtimes.GetAsync(healthEvent.GameId, cancellationToken))!;
            await runtimes.TryUpdateAsync(RuntimeChanges.ApplyHealthEvent(before, healthEvent, DateTimeOffset.UtcNow), cancellationToken);
            var after = (await runtimes.GetAsync(healthEvent.GameId, cancellationToken))!;
            if (after.Status != before.Status || lastPublished.GetValueOrDefault(after.GameId) != after.EngineHealth)
            {
                await lobby.SnapshotUpdateAsync(after, await stats.ListAsync(after.GameId, cancellationToken), cancellationToken);
                lastPublished[after.GameId] = after.EngineHealth!;
            }
            await stream.SaveOffsetAsync(StreamNames.HealthEvents, label, entry.Id, cancellationToken);
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// On Redis, the run uses the real stream keys: it refuses a Redis where they hold anything (not a throwaway
    /// one) and deletes them afterwards. Nothing to do on the embedded log, a new database per run.
    /// </summary>
    private sealed class StreamKeys(RedisClient? redis) : IAsyncDisposable
    {
        // The stream, the lobby stream it publishes to, and the offsets hash (RedisEventStream.OffsetsKeyPrefix).
        private static readonly string[] Keys = [StreamNames.HealthEvents, StreamNames.LobbyEvents, "orrery:stream_offsets:" + StreamNames.HealthEvents];

        public static async Task<StreamKeys> ClaimAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            var redis = services.GetService<RedisClient>();
            if (redis is not null && (await redis.ExecuteAsync(new(["EXISTS", .. Keys]), cancellationToken)).AsInteger() > 0)
            {
                throw new InvalidOperationException($"{redis.Settings} already has {string.Join(", ", Keys)}: run against a throwaway Redis.");
            }
            return new StreamKeys(redis);
        }

        public async ValueTask DisposeAsync()
        {
            if (redis is not null)
            {
                await redis.ExecuteAsync(new(["DEL", .. Keys]), CancellationToken.None);
            }
        }
    }
}
