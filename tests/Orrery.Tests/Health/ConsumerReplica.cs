using Orrery.Cluster;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Games;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Redis;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Streams;
using Orrery.Tests.Support;

namespace Orrery.Tests.Health;

/// <summary>
/// One Orrery replica's health events consumer in production mode, as the node wires it: the PostgreSQL store
/// and Redis Streams, hence a member of the consumer group. Several over the same servers are replicas.
/// </summary>
internal sealed class ConsumerReplica : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _consumed = new();
    private long _acknowledged;

    private ConsumerReplica(ServiceProvider services, LoggedEvents logged, string name)
    {
        (_services, Logged) = (services, logged);
        _consumed.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "orrery.health_events.consumed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _consumed.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "consumer", Value: string consumer } && consumer == name)
                {
                    Interlocked.Add(ref _acknowledged, value);
                }
            }
        });
        _consumed.Start();
    }

    public LoggedEvents Logged { get; }

    /// <summary>Entries this replica's consumer acknowledged (its <c>orrery.health_events.consumed</c>), batches applied again included.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public HealthEventConsumer Consumer => _services.GetRequiredService<HealthEventConsumer>();
    public IHealthEventFeed Feed => _services.GetRequiredService<IHealthEventFeed>();
    public IEventStream Stream => _services.GetRequiredService<IEventStream>();
    public IRuntimeStore Runtimes => _services.GetRequiredService<IRuntimeStore>();

    /// <param name="name">The replica's consumer name in the group.</param>
    /// <param name="claimIdle">How long a dead member's entries stay pending before this replica claims them.</param>
    public static async Task<ConsumerReplica> StartAsync(string postgres, string redis, string name, TimeSpan claimIdle, int batchSize = 2_000)
    {
        var logged = new LoggedEvents();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(logged))
            .AddMetrics()
            .AddPostgresStore(postgres, o => o.RetryDelay = TimeSpan.FromMilliseconds(20))
            .AddShardOwnership()
            .AddRedisEventStream(redis)
            .AddLifecycle()
            .AddHealthEventConsumer()
            .Configure<HealthConsumerOptions>(o =>
            {
                o.Consumer = name;
                o.ClaimIdle = claimIdle;
                o.BatchSize = batchSize;
                o.ReadWait = TimeSpan.FromMilliseconds(200);
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
            })
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreMigrator>().MigrateAsync(CancellationToken.None);
        // The replicas of a test share one ownership (they are consumers of one group, not a cluster): the first takes
        // every shard's epoch, the others hold the same fences. Only the fences: no participant is handed the games.
        var owned = services.GetRequiredService<OwnedShards>();
        var leases = services.GetRequiredService<IShardLeaseStore>();
        var held = await leases.ListAsync(CancellationToken.None);
        if (held.Count == 0)
        {
            foreach (var shard in owned.Shards.All)
            {
                owned.Hold(new OwnerFence(shard, await leases.AcquireAsync(shard, ShardOwner.Standalone, DateTimeOffset.UtcNow, CancellationToken.None)));
            }
        }
        foreach (var lease in held)
        {
            owned.Hold(new OwnerFence(lease.Shard, lease.Epoch));
        }
        return new ConsumerReplica(services, logged, name);
    }

    /// <summary>A registered game whose engine is running, as the health events find it.</summary>
    public async Task<Guid> AddRunningGameAsync(CancellationToken cancellationToken)
    {
        var gameId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var game = new Game(gameId, "1.0.0", "0 0 * * *", [new Membership(Guid.NewGuid(), "Andorians")], now, now);
        await _services.GetRequiredService<IGameStore>().UpsertAsync(game, cancellationToken);
        var running = RuntimeRecord.NewStarting(gameId, game.TurnSchedule, now).TransitionTo(RuntimeStatus.Running, now) with { EngineId = $"engine-{gameId:N}" };
        (await Runtimes.TryInsertAsync(running, cancellationToken)).ShouldNotBeNull();
        return gameId;
    }

    public async Task<RuntimeRecord> RecordAsync(Guid gameId, CancellationToken cancellationToken) =>
        await Runtimes.GetAsync(gameId, cancellationToken) ?? throw new InvalidOperationException($"No record for {gameId}.");

    public ValueTask DisposeAsync()
    {
        _consumed.Dispose();
        return _services.DisposeAsync();
    }
}
