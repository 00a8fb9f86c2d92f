using Orrery.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orrery.Benchmarks.InMemory;
using Orrery.Engines;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Sqlite;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Benchmarks;

/// <summary>Where a <see cref="StubTurnNode"/> keeps its state.</summary>
internal enum StubStore
{
    /// <summary>The in-memory ports of the turn path: the node's own cost without a store's.</summary>
    InMemory,
    /// <summary>The embedded store, in a temporary directory.</summary>
    Sqlite,
    /// <summary>
    /// A temporary database on the server <c>ORRERY_BENCH_POSTGRES</c> names, with the lobby stream in memory (a
    /// production node streams through Redis; the store is what is measured).
    /// </summary>
    Postgres,
}

/// <summary>
/// The turn scheduler composed as the node composes it (<c>AddLifecycle</c>), over a real store or the in-memory
/// ports, with stub engines. Games are seeded straight through the storage ports, as if their starts had run,
/// before the scheduler loads them.
/// </summary>
internal sealed class StubTurnNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly DirectoryInfo? _root;
    private readonly TemporaryPostgresDatabase? _postgres;

    private StubTurnNode(ServiceProvider services, DirectoryInfo? root, TemporaryPostgresDatabase? postgres)
    {
        _services = services;
        _root = root;
        _postgres = postgres;
    }

    public TurnScheduler Scheduler => _services.GetRequiredService<TurnScheduler>();
    public IRuntimeStore Runtimes => _services.GetRequiredService<IRuntimeStore>();
    public TurnRunner Runner => _services.GetRequiredService<TurnRunner>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="configure">Adds what a benchmark needs beyond the turn path (an engine host, the reconciler).</param>
    public static async Task<StubTurnNode> CreateAsync(StubStore store, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var root = store == StubStore.Sqlite ? Directory.CreateTempSubdirectory("orrery-bench-turns-") : null;
        var postgres = store == StubStore.Postgres ? await TemporaryPostgresDatabase.CreateAsync(cancellationToken) : null;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddMetrics(); // the instruments of the node's services, as the host registers them
        switch (store)
        {
            case StubStore.Sqlite:
                services.AddSqliteStore(Path.Combine(root!.FullName, "orrery.db")).AddShardOwnership();
                break;
            case StubStore.Postgres:
                services.AddPostgresStore(postgres!.ConnectionString).AddShardOwnership().AddSingleton<IEventStream, InMemoryEventStream>();
                break;
            default:
                services.AddInMemoryTurnStore();
                break;
        }
        services.AddLifecycle();
        services.AddSingleton<StubEngineClient>();
        services.AddSingleton<IEngineClient>(sp => sp.GetRequiredService<StubEngineClient>());
        configure?.Invoke(services);
        // The operation workers take part in shard hand-overs, so the rig builds them: they need a host and state
        // directories, which a turn never touches (a benchmark that needs a real host registers it in configure).
        services.TryAddSingleton<IEngineHost, NoEngineHost>();
        services.AddFileSystemStateDirectories(Path.Combine(root?.FullName ?? Path.GetTempPath(), "orrery-bench-games"));
        var node = new StubTurnNode(services.BuildServiceProvider(), root, postgres);
        if (store != StubStore.InMemory)
        {
            await node._services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
            await node._services.GetRequiredService<ShardOwnership>().AcquireAllAsync(ShardOwner.Standalone, cancellationToken);
        }
        return node;
    }

    /// <summary>
    /// Writes what a successful start leaves behind for each game: the game and its memberships (where a game store
    /// is registered: the records refer to it), a running runtime record with the stub's endpoint and its next slot,
    /// and the player mappings. Returns each game's schedule, in the order of <paramref name="schedule"/>'s index.
    /// </summary>
    /// <remarks>Eight games at a time: a server store commits them in parallel (SQLite's writer queues them anyway).</remarks>
    public async Task<Dictionary<Guid, string>> SeedAsync(int count, Func<int, string> schedule, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var seeds = Enumerable.Range(0, count)
            .Select(i => new Game(Guid.NewGuid(), "1.0.0", schedule(i), [new Membership(Guid.NewGuid(), "Andorians"), new Membership(Guid.NewGuid(), "Cygnans")], now, now))
            .ToArray();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            (i, ct) => new ValueTask(SeedAsync(seeds[i], $"stub-{i}", ct)));
        return seeds.ToDictionary(g => g.Id, g => g.TurnSchedule);
    }

    private async Task SeedAsync(Game game, string engineId, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow; // each game's first slot after its own seeding, as before a start
        var players = PlayerMapping.AssignNew(game);
        if (_services.GetService<IGameStore>() is { } games)
        {
            await games.UpsertAsync(game, cancellationToken);
        }
        await Runtimes.TryInsertAsync(StubRecords.Running(game, engineId, StubEngineClient.EndpointOf(game.Id), now), cancellationToken);
        await _services.GetRequiredService<IPlayerMappingStore>().ReplaceAsync(game.Id, players, cancellationToken);
        _services.GetRequiredService<StubEngineClient>().Add(game.Id, players);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _root?.Delete(recursive: true);
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
