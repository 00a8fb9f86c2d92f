using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Games;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Persistence.Sqlite;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>
/// Health events applied per second by the consumer (batched reads, one CAS per game per batch, one
/// transaction per batch) on the embedded log and SQLite, beside the seed's design in the same run: one entry
/// at a time (read 1, get, CAS, get, publish, save offset).
/// </summary>
internal static class HealthConsumerBenchmark
{
    private static readonly HealthEventType[] Types = Enum.GetValues<HealthEventType>();

    public static async Task RunAsync(string[] args)
    {
        var events = args.Length > 0 ? int.Parse(args[0]) : 200_000;
        var games = args.Length > 1 ? int.Parse(args[1]) : 2_000;
        var baselineEvents = Math.Min(events, args.Length > 2 ? int.Parse(args[2]) : 20_000);
        var batchSize = args.Length > 3 ? int.Parse(args[3]) : new HealthConsumerOptions().BatchSize;

        var root = Directory.CreateTempSubdirectory("orrery-bench-health-");
        try
        {
            await using var services = Build(Path.Combine(root.FullName, "orrery.db"), batchSize);
            await services.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
            var gameIds = await SeedGamesAsync(services, games);
            await AppendEventsAsync(services.GetRequiredService<IEventStream>(), gameIds, events);

            var consumer = services.GetRequiredService<HealthEventConsumer>();
            var clock = Stopwatch.StartNew();
            var consumed = 0;
            int batch;
            while ((batch = await consumer.ProcessNextBatchAsync(TimeSpan.Zero, CancellationToken.None)) > 0)
            {
                consumed += batch;
            }
            var orrery = consumed / clock.Elapsed.TotalSeconds;

            var baseline = await OneAtATimeAsync(services, baselineEvents);

            Console.WriteLine($"{consumed} events for {games} games (embedded log + SQLite), batches of {batchSize}; baseline over the first {baselineEvents}");
            Report.Header();
            Report.Row("events applied/s vs one at a time", orrery, baseline, "/s");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static ServiceProvider Build(string databasePath, int batchSize)
    {
        var services = new ServiceCollection();
        services.Configure<HealthConsumerOptions>(o => o.BatchSize = batchSize);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.None));
        services.AddSqliteStore(databasePath);
        services.AddLifecycle();
        services.AddHealthEventConsumer();
        return services.BuildServiceProvider();
    }

    private static async Task<Guid[]> SeedGamesAsync(IServiceProvider services, int count)
    {
        var gamesStore = services.GetRequiredService<IGameStore>();
        var runtimes = services.GetRequiredService<IRuntimeStore>();
        var now = DateTimeOffset.UtcNow;
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.NewGuid();
            await gamesStore.UpsertAsync(new Game(ids[i], "1.0.0", "0 0 * * *", [new Membership(Guid.NewGuid(), "Andorians")], now, now), CancellationToken.None);
            await runtimes.TryInsertAsync(RuntimeRecord.NewStarting(ids[i], "0 0 * * *", now) with
            {
                Status = RuntimeStatus.Running,
                EngineId = $"engine-{i}",
                EngineEndpoint = "http://127.0.0.1:9/",
            }, CancellationToken.None);
        }
        return ids;
    }

    private static async Task AppendEventsAsync(IEventStream stream, Guid[] games, int count)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var fields = HealthEventCodec.Encode(new HealthEvent(games[random.Next(games.Length)], "engine", Types[random.Next(Types.Length)], now));
            await stream.AppendAsync(StreamNames.HealthEvents, fields, null, CancellationToken.None);
        }
    }

    /// <summary>The seed's consumer: every entry read, applied and acknowledged on its own.</summary>
    private static async Task<double> OneAtATimeAsync(IServiceProvider services, int count)
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
            var offset = await stream.GetOffsetAsync(StreamNames.HealthEvents, label, CancellationToken.None);
            var entry = (await stream.ReadAsync(StreamNames.HealthEvents, offset, 1, TimeSpan.Zero, CancellationToken.None)).Single();
            HealthEventCodec.TryDecode(entry.Fields, out var healthEvent, out _);
            var before = (await runtimes.GetAsync(healthEvent.GameId, CancellationToken.None))!;
            await runtimes.TryUpdateAsync(HealthEventRules.Apply(before, healthEvent, DateTimeOffset.UtcNow), CancellationToken.None);
            var after = (await runtimes.GetAsync(healthEvent.GameId, CancellationToken.None))!;
            if (after.Status != before.Status || lastPublished.GetValueOrDefault(after.GameId) != after.EngineHealth)
            {
                await lobby.SnapshotUpdateAsync(after, await stats.ListAsync(after.GameId, CancellationToken.None), CancellationToken.None);
                lastPublished[after.GameId] = after.EngineHealth!;
            }
            await stream.SaveOffsetAsync(StreamNames.HealthEvents, label, entry.Id, CancellationToken.None);
        }
        return count / clock.Elapsed.TotalSeconds;
    }
}
