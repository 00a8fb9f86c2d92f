using Orrery.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Core.Tests.Fakes;
using Orrery.Engines;
using Orrery.Games;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Persistence.Sqlite;
using Orrery.Reconcile;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Specs.Instances;
using Orrery.Storage;
using Orrery.Streams;
using Orrery.Versions;

namespace Orrery.Tests.Support;

/// <summary>
/// The lifecycle and the turn scheduler over a real SQLite store, with scripted engines and a clock that moves
/// only when told. Nothing runs in the background: a test starts games, moves the clock and calls
/// <see cref="TurnScheduler.TickAsync"/>.
/// </summary>
internal sealed class SchedulerRig : IAsyncDisposable
{
    /// <summary>Half a second past a whole minute, so slots of a "every N seconds" schedule fall on whole seconds after it.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 12, 0, 0, 500, TimeSpan.Zero);

    /// <summary>The first slot of "*/10 * * * * *" after <see cref="Epoch"/>.</summary>
    public static readonly DateTimeOffset FirstSlot = Epoch.AddSeconds(9.5);

    private readonly DirectoryInfo _root;
    private ServiceProvider _services;

    private readonly SchedulerOptions _scheduler;

    private SchedulerRig(DirectoryInfo root, ManualTimeProvider clock, ScriptedEngineHost engines, SchedulerOptions scheduler)
    {
        _root = root;
        _scheduler = scheduler;
        Clock = clock;
        Engines = engines;
        _services = Build();
    }

    public ManualTimeProvider Clock { get; }
    public ScriptedEngineHost Engines { get; }
    /// <summary>What the rig's services logged (warnings and above).</summary>
    public LoggedEvents Logged { get; } = new();

    public TurnScheduler Scheduler => Get<TurnScheduler>();
    public TurnRunner Runner => Get<TurnRunner>();
    public ImmediateOperations Immediate => Get<ImmediateOperations>();
    public RuntimeRecords Records => Get<RuntimeRecords>();

    public static async Task<SchedulerRig> CreateAsync(SchedulerOptions? scheduler = null)
    {
        var clock = new ManualTimeProvider(Epoch);
        var rig = new SchedulerRig(Directory.CreateTempSubdirectory("orrery-scheduler-"), clock, new ScriptedEngineHost(clock), scheduler ?? new SchedulerOptions());
        await rig.Get<IStoreMigrator>().MigrateAsync(CancellationToken.None);
        await rig.Get<ShardOwnership>().AcquireAllAsync(ShardOwner.Standalone, CancellationToken.None);
        await rig.Get<EngineVersionRegistry>().RegisterAsync("1.0.0", "builtin:reference-engine", false, CancellationToken.None);
        await rig.SpecShards.StartAsync(CancellationToken.None);
        return rig;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public IServiceProvider Services => _services;

    /// <summary>Registers a game on <paramref name="turnSchedule"/> and runs its start operation to the end.</summary>
    public async Task<Guid> StartGameAsync(string turnSchedule = "*/10 * * * * *")
    {
        var gameId = await RegisterGameAsync(turnSchedule);
        var start = await Get<LifecycleService>().StartAsync(gameId, OperationSource.Lobby, null, CancellationToken.None);
        (await RunQueuedAsync()).ShouldSatisfyAllConditions(
            o => o.Id.ShouldBe(start.Id),
            o => o.Status.ShouldBe(OperationStatus.Succeeded, o.ErrorMessage));
        return gameId;
    }

    /// <summary>
    /// A game brought to <paramref name="status"/> the way it gets there in production (null: registered, never
    /// started), so the status changes it makes are rows of the lifecycle table. Moves the clock to the first slot
    /// for <see cref="RuntimeStatus.GenerationFailed"/> and <see cref="RuntimeStatus.Finished"/>: one such game per rig.
    /// </summary>
    public async Task<Guid> GameInAsync(RuntimeStatus? status)
    {
        if (status is null)
        {
            return await RegisterGameAsync();
        }
        var gameId = await StartGameAsync();
        var now = Clock.GetUtcNow();
        switch (status)
        {
            case RuntimeStatus.Starting:
                // A start interrupted after it recorded starting (the node died before the engine answered).
                await Records.UpdateAsync(gameId, r => RuntimeChanges.Unreachable(r, now), CancellationToken.None);
                await Records.UpdateAsync(gameId, r => r.TransitionTo(RuntimeStatus.Starting, now), CancellationToken.None);
                break;
            case RuntimeStatus.GenerationInProgress:
                // A turn begun on a node that died before its engine answered.
                await Records.UpdateAsync(gameId, r => RuntimeChanges.BeginTurn(r, r.CurrentTurn, now), CancellationToken.None);
                break;
            case RuntimeStatus.GenerationFailed:
                Engines.TurnFailureStatus = 500;
                await TickAtAsync(FirstSlot);
                Engines.TurnFailureStatus = null;
                break;
            case RuntimeStatus.EngineUnreachable:
                await Records.UpdateAsync(gameId, r => RuntimeChanges.Unreachable(r, now), CancellationToken.None);
                break;
            case RuntimeStatus.Finished:
                Engines.FinishAtTurn = 1;
                await TickAtAsync(FirstSlot);
                break;
            case RuntimeStatus.Stopped:
                await Get<LifecycleService>().StopAsync(gameId, OperationSource.Admin, null, CancellationToken.None);
                await RunQueuedAsync();
                break;
            case RuntimeStatus.Removed:
                await Engines.RemoveAsync(Engines.EngineOf(gameId).Id, CancellationToken.None);
                var reconciler = ActivatorUtilities.CreateInstance<Reconciler>(Services, Options.Create(new ReconcileOptions()));
                await reconciler.RunPassAsync(CancellationToken.None);
                await reconciler.RunPassAsync(CancellationToken.None);
                break;
        }
        (await RecordAsync(gameId)).Status.ShouldBe(status.Value);
        return gameId;
    }

    /// <summary>Registers a game with two races on version 1.0.0 and <paramref name="turnSchedule"/>.</summary>
    public async Task<Guid> RegisterGameAsync(string turnSchedule = "*/10 * * * * *")
    {
        var gameId = Guid.NewGuid();
        var members = new List<MembershipRegistration> { new(Guid.NewGuid(), "Andorians"), new(Guid.NewGuid(), "Cygnans") };
        await Get<GameRegistry>().RegisterAsync(gameId, new GameRegistration("1.0.0", turnSchedule, members), CancellationToken.None);
        return gameId;
    }

    /// <summary>Runs the next queued operation, as a worker would.</summary>
    public async Task<Operation> RunQueuedAsync()
    {
        var queue = Get<OperationQueue>();
        var operation = await queue.DequeueAsync(CancellationToken.None);
        try
        {
            return await Get<OperationRunner>().RunAsync(operation, CancellationToken.None);
        }
        finally
        {
            queue.Complete(operation);
        }
    }

    public async Task<RuntimeRecord> RecordAsync(Guid gameId) =>
        await Get<IRuntimeStore>().GetAsync(gameId, CancellationToken.None) ?? throw new InvalidOperationException($"No record for {gameId}.");

    /// <summary>Moves the clock to <paramref name="at"/> and plays what is due.</summary>
    public async Task TickAtAsync(DateTimeOffset at)
    {
        Clock.Advance(at - Clock.GetUtcNow());
        await Scheduler.TickAsync();
    }

    /// <summary>Every entry of <c>gm:lobby_events</c>, oldest first.</summary>
    public Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> LobbyEventsAsync() => EntriesAsync(StreamNames.LobbyEvents);

    /// <summary>Every entry of <c>runtime:health_events</c>, oldest first.</summary>
    public Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> HealthEventsAsync() => EntriesAsync(StreamNames.HealthEvents);

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> EntriesAsync(string stream) =>
        (await Get<IEventStream>().ReadAsync(stream, "0-0", 10_000, TimeSpan.Zero, CancellationToken.None)).Select(e => e.Fields).ToList();

    /// <summary>
    /// A new node over the same database and engines, as after a crash: nothing carried over in memory. Its
    /// scheduler has loaded the store; the returned task settles turns the old node left in progress.
    /// </summary>
    public async Task<Task> RestartNodeAsync()
    {
        await SpecShards.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _services = Build();
        await SpecShards.StartAsync(CancellationToken.None);
        // The restarted node takes every shard again, as a node's shard grains do at start: its scheduler loads them.
        await Get<ShardOwnership>().AcquireAllAsync(ShardOwner.Standalone, CancellationToken.None);
        return Scheduler.Settling;
    }

    public async ValueTask DisposeAsync()
    {
        await SpecShards.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        _root.Delete(recursive: true);
    }

    /// <summary>
    /// The game-runtime instances, the one background part: every status change the rig's tests make is recorded,
    /// and on the way out the learned model is exported with the test suite's (test.sh checks it against the table).
    /// </summary>
    private SpecShardHost SpecShards => _services.GetServices<IHostedService>().OfType<SpecShardHost>().Single();

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddProvider(Logged));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSqliteStore(Path.Combine(_root.FullName, "orrery.db"));
        services.AddShardOwnership();
        services.AddLifecycle();
        services.Configure<SchedulerOptions>(o =>
        {
            o.MaxConcurrentTurns = _scheduler.MaxConcurrentTurns;
            o.TurnTimeout = _scheduler.TurnTimeout;
            o.FailedTurnStatusTimeout = _scheduler.FailedTurnStatusTimeout;
        });
        services.AddHealthMonitor();
        services.AddHealthEventConsumer();
        services.AddFileSystemStateDirectories(Path.Combine(_root.FullName, "games"));
        services.AddSingleton<IEngineHost>(Engines);
        services.AddSingleton<IEngineClient>(Engines);
        services.AddMetrics();
        services.AddSpecInstances(o => o.ModelExportDirectory = Environment.GetEnvironmentVariable("Orrery__Specs__ModelExportDirectory"));
        return services.BuildServiceProvider();
    }
}
