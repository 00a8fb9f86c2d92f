using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orrery.Benchmarks.InMemory;
using Orrery.Engines;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Persistence.Sqlite;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>
/// The turn scheduler composed as the node composes it (<c>AddLifecycle</c>), over the real SQLite store or
/// the in-memory ports, with stub engines. Games are seeded straight through the storage ports, as if their
/// starts had run, before the scheduler loads them.
/// </summary>
internal sealed class StubTurnNode : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly DirectoryInfo? _root;

    private StubTurnNode(ServiceProvider services, DirectoryInfo? root)
    {
        _services = services;
        _root = root;
    }

    public TurnScheduler Scheduler => _services.GetRequiredService<TurnScheduler>();
    public IRuntimeStore Runtimes => _services.GetRequiredService<IRuntimeStore>();
    public TurnRunner Runner => _services.GetRequiredService<TurnRunner>();

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <param name="configure">Adds what a benchmark needs beyond the turn path (an engine host, the reconciler).</param>
    public static async Task<StubTurnNode> CreateAsync(bool sqlite, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var root = sqlite ? Directory.CreateTempSubdirectory("orrery-bench-turns-") : null;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        if (root is not null)
        {
            services.AddSqliteStore(Path.Combine(root.FullName, "orrery.db"));
        }
        else
        {
            services.AddInMemoryTurnStore();
        }
        services.AddLifecycle();
        services.AddSingleton<StubEngineClient>();
        services.AddSingleton<IEngineClient>(sp => sp.GetRequiredService<StubEngineClient>());
        configure?.Invoke(services);
        var node = new StubTurnNode(services.BuildServiceProvider(), root);
        if (root is not null)
        {
            await node._services.GetRequiredService<IStoreMigrator>().MigrateAsync(cancellationToken);
        }
        return node;
    }

    /// <summary>
    /// Writes what a successful start leaves behind for each game: the game and its memberships (SQLite only,
    /// the records refer to it), a running runtime record with the stub's endpoint and its next slot, and the
    /// player mappings. Returns each game's schedule.
    /// </summary>
    public async Task<Dictionary<Guid, string>> SeedAsync(int count, Func<int, string> schedule, CancellationToken cancellationToken)
    {
        var games = _services.GetService<IGameStore>();
        var runtimes = Runtimes;
        var mappings = _services.GetRequiredService<IPlayerMappingStore>();
        var engines = _services.GetRequiredService<StubEngineClient>();
        var seeded = new Dictionary<Guid, string>(count);
        for (var i = 0; i < count; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var game = new Game(Guid.NewGuid(), "1.0.0", schedule(i), [new Membership(Guid.NewGuid(), "Andorians"), new Membership(Guid.NewGuid(), "Cygnans")], now, now);
            var players = PlayerMapping.AssignNew(game);
            if (games is not null)
            {
                await games.UpsertAsync(game, cancellationToken);
            }
            await runtimes.TryInsertAsync(RuntimeRecord.NewStarting(game.Id, game.TurnSchedule, now) with
            {
                Status = RuntimeStatus.Running,
                EngineId = $"stub-{i}",
                ImageRef = "stub",
                EngineVersion = game.TargetEngineVersion,
                EngineEndpoint = StubEngineClient.EndpointOf(game.Id).ToString(),
                EngineHealth = EngineHealthSummaries.Healthy,
                NextTurnAt = TurnSlots.Next(game.TurnSchedule, now),
                StartedAt = now,
                LastObservedAt = now,
            }, cancellationToken);
            await mappings.ReplaceAsync(game.Id, players, cancellationToken);
            engines.Add(game.Id, players);
            seeded[game.Id] = game.TurnSchedule;
        }
        return seeded;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _root?.Delete(recursive: true);
    }
}
