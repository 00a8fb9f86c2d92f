using Orrery.Games;
using Orrery.Health;
using Orrery.Runtime;
using Orrery.Scheduling;

namespace Orrery.Benchmarks;

/// <summary>What a successful start leaves behind for a game whose engine is a stub.</summary>
internal static class StubRecords
{
    /// <summary>A running record of <paramref name="game"/> on the stub engine at <paramref name="endpoint"/>, its next slot after <paramref name="now"/>.</summary>
    public static RuntimeRecord Running(Game game, string engineId, Uri endpoint, DateTimeOffset now) =>
        RuntimeRecord.NewStarting(game.Id, game.TurnSchedule, now) with
        {
            Status = RuntimeStatus.Running,
            EngineId = engineId,
            ImageRef = "stub",
            EngineVersion = game.TargetEngineVersion,
            EngineEndpoint = endpoint.ToString(),
            EngineHealth = EngineHealthSummaries.Healthy,
            NextTurnAt = TurnSlots.Next(game.TurnSchedule, now),
            StartedAt = now,
            LastObservedAt = now,
        };
}
