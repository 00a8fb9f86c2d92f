using Orrery.Games;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Persistence.Tests.Contracts;

/// <summary>Domain values for the contracts; every timestamp has millisecond precision, as the stores keep it.</summary>
public static class TestData
{
    public static readonly DateTimeOffset Epoch = new(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static DateTimeOffset At(int seconds) => Epoch.AddSeconds(seconds);

    /// <summary>A UUID whose text sorts by <paramref name="n"/>, for checking order by id.</summary>
    public static Guid OrderedId(int n) => Guid.Parse($"{n:x8}-0000-4000-8000-000000000000");

    public static Game Game(Guid? id = null, DateTimeOffset? createdAt = null, params Membership[] memberships)
    {
        var created = createdAt ?? At(0);
        return new Game(
            id ?? Guid.NewGuid(),
            "1.2.3-rc.1",
            "*/10 * * * * *",
            memberships.Length > 0 ? memberships : [new Membership(Guid.NewGuid(), "Andorians"), new Membership(Guid.NewGuid(), "Cygnans")],
            created,
            created.AddMinutes(5));
    }

    /// <summary>A runtime record with every optional field set, each to a distinct value.</summary>
    public static RuntimeRecord FullRuntime(Guid gameId) => new()
    {
        GameId = gameId,
        Status = RuntimeStatus.GenerationInProgress,
        EngineId = "engine-7f3a",
        ImageRef = "registry.example/engine:1.2.3",
        EngineVersion = "1.2.3",
        EngineEndpoint = "http://127.0.0.1:41234/",
        StatePath = "/var/lib/orrery/games/" + gameId,
        Network = "orrery-default",
        TurnSchedule = "0 */5 * * *",
        CurrentTurn = 42,
        EngineHealth = EngineHealthSummaries.Healthy,
        Paused = true,
        PausedAt = At(10),
        SkipNextTick = true,
        NextTurnAt = At(11),
        StartedAt = At(12),
        StoppedAt = At(13),
        FinishedAt = At(14),
        LastObservedAt = At(15),
        LastHealthEvent = "probe_failed",
        LastHealthEventAt = At(18),
        LastHealthEventDetails = """{"consecutive_failures":3,"probe_error":"no 200 from /healthz"}""",
        StatusChangedAt = At(16),
        UpdatedAt = At(17),
        Version = 7,
    };

    public static RuntimeRecord NewRuntime(Guid gameId) => RuntimeRecord.NewStarting(gameId, "*/10 * * * * *", At(1));

    public static Operation Operation(
        Guid gameId, DateTimeOffset? createdAt = null, string? idempotencyKey = null, OperationStatus status = OperationStatus.Queued) => new()
    {
        Id = Guid.NewGuid(),
        GameId = gameId,
        Kind = OperationKind.Start,
        Source = OperationSource.Lobby,
        Status = status,
        IdempotencyKey = idempotencyKey,
        CreatedAt = createdAt ?? At(0),
    };

    /// <summary>An operation with every optional field set.</summary>
    public static Operation FullOperation(Guid gameId) => new()
    {
        Id = Guid.NewGuid(),
        GameId = gameId,
        Kind = OperationKind.Patch,
        Source = OperationSource.Admin,
        Status = OperationStatus.Failed,
        TargetVersion = "1.2.4",
        ImageRef = "registry.example/engine:1.2.4",
        EngineId = "engine-9c1d",
        ErrorCode = "engine_start_failed",
        ErrorMessage = "Engine exited with code 3 before /healthz answered.",
        IdempotencyKey = "patch-" + Guid.NewGuid(),
        CreatedAt = At(20),
        StartedAt = At(21),
        FinishedAt = At(22),
    };
}
