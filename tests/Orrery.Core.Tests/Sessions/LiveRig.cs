using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Core.Tests.Fakes;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

/// <summary>Live sessions over in-memory ports and a manual clock: each test's node.</summary>
internal sealed class LiveRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    public static readonly Guid Alice = Guid.Parse("3f1c2d4e-0000-4000-8000-000000000001");
    public static readonly Guid Bob = Guid.Parse("3f1c2d4e-0000-4000-8000-000000000002");

    private readonly TestMeterFactory _meters = new();
    private readonly InMemoryRuntimeStore _runtimes = new();

    public LiveRig(Action<LiveOptions>? configure = null, IGameOwnership? ownership = null)
    {
        configure?.Invoke(Options);
        Records = new RuntimeRecords(_runtimes, changes: Changes);
        Sessions = new LiveSessions(PoolStore, new LiveGameSource(Games, Records, Stats), Changes, Microsoft.Extensions.Options.Options.Create(Options),
            Time, new LiveMetrics(_meters), Logger, ownership);
    }

    public LiveOptions Options { get; } = new();
    public ManualTimeProvider Time { get; } = new(Start);
    public InMemoryGameStore Games { get; } = new();
    public InMemoryPlayerStatsStore Stats { get; } = new();
    public InMemorySessionPoolStore PoolStore { get; } = new();
    public GameChanges Changes { get; } = new();
    public CapturingLogger<LiveSessions> Logger { get; } = new();
    public RuntimeRecords Records { get; }
    public LiveSessions Sessions { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A registered, running game with Alice and Bob as members.</summary>
    public async Task<Guid> GameAsync()
    {
        var gameId = Guid.NewGuid();
        await Games.UpsertAsync(new Game(gameId, "1.0.0", "0 * * * *", [new Membership(Alice, "Andorians"), new Membership(Bob, "Cygnans")], Start, Start), Ct);
        _runtimes.KnownGames.Add(gameId);
        await Records.UpsertAsync(gameId, _ => RuntimeRecord.NewStarting(gameId, "0 * * * *", Start) with { Status = RuntimeStatus.Running, CurrentTurn = 1 }, Ct);
        Stats.Set(gameId, [new PlayerTurnStats(Alice, "Andorians", 3, 100, 3, 100), new PlayerTurnStats(Bob, "Cygnans", 2, 80, 2, 90)]);
        return gameId;
    }

    public Task<LiveAttachment> AttachAsync(Guid gameId, ILiveSubscriber subscriber, LiveResume? resume = null) =>
        Sessions.AttachAsync(gameId, subscriber, resume, Ct);

    /// <summary>Every pool's mailbox processed up to now (a tick is queued behind what is there), at the clock's time.</summary>
    public Task FlushAsync() => Sessions.TickAsync(Time.GetUtcNow(), Ct);

    /// <summary>Pauses or resumes the game through the record cache: a committed change, as an operation makes it.</summary>
    public Task SetPausedAsync(Guid gameId, bool paused) => Records.UpdateAsync(gameId, r => r with { Paused = paused }, Ct);

    public async ValueTask DisposeAsync()
    {
        await Sessions.StopAsync(CancellationToken.None);
        _meters.Dispose();
    }
}
