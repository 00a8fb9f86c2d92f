using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.Scheduling;

public sealed partial class TurnRunner
{
    private static partial class Log
    {
        [LoggerMessage(LogEventIds.TurnRunner.TurnFailed, LogLevel.Warning, "Game {GameId}: turn {Turn} failed; the game is paused: {Reason}")]
        public static partial void TurnFailed(ILogger logger, Guid gameId, int turn, string reason);

        [LoggerMessage(LogEventIds.TurnRunner.GameFinished, LogLevel.Information, "Game {GameId} finished at turn {Turn}")]
        public static partial void GameFinished(ILogger logger, Guid gameId, int turn);

        [LoggerMessage(LogEventIds.TurnRunner.TurnNotBegun, LogLevel.Debug, "Game {GameId}: no turn for this slot: another turn began or ended first, or the game left running")]
        public static partial void TurnNotBegun(ILogger logger, Guid gameId);

        [LoggerMessage(LogEventIds.TurnRunner.InterruptedTurnFound, LogLevel.Information, "Game {GameId}: the engine moved to turn {Turn} before the node recorded the interrupted turn")]
        public static partial void InterruptedTurnFound(ILogger logger, Guid gameId, int turn);

        [LoggerMessage(LogEventIds.TurnRunner.SlotsMerged, LogLevel.Debug, "Game {GameId}: the turn of slot {Slot} began after {Merged} later slots came due; they are merged into it")]
        public static partial void SlotsMerged(ILogger logger, Guid gameId, int merged, DateTimeOffset slot);

        [LoggerMessage(LogEventIds.TurnRunner.InterruptedTurnReplayed, LogLevel.Warning, "Game {GameId}: playing turn {Turn}, interrupted when the node stopped")]
        public static partial void InterruptedTurnReplayed(ILogger logger, Guid gameId, int turn);

        [LoggerMessage(LogEventIds.TurnRunner.TurnPlayedAlready, LogLevel.Warning, "Game {GameId}: the engine refused the turn call, it already has turn {Turn} (played by a replica that lost the game or by an earlier attempt); recording it, not playing it again")]
        public static partial void TurnPlayedAlready(ILogger logger, Guid gameId, int turn);

        [LoggerMessage(LogEventIds.TurnRunner.EngineOutOfStep, LogLevel.Error, "Game {GameId}: the engine is at turn {EngineTurn} but the runtime record at turn {RecordTurn}; the turn fails and the game is paused")]
        public static partial void EngineOutOfStep(ILogger logger, Guid gameId, int engineTurn, int recordTurn);

        [LoggerMessage(LogEventIds.TurnRunner.TurnPlayedDespiteFailure, LogLevel.Warning, "Game {GameId}: the turn call failed ({Reason}) but the engine has turn {Turn}: its answer was lost; recording the turn, not playing it again")]
        public static partial void TurnPlayedDespiteFailure(ILogger logger, Guid gameId, int turn, string reason);

        [LoggerMessage(LogEventIds.TurnRunner.StrandedTurnSettling, LogLevel.Warning, "Game {GameId}: turn {Turn} was left in progress when the store failed; settling it now (recorded if the engine played it, else played)")]
        public static partial void StrandedTurnSettling(ILogger logger, Guid gameId, int turn);
    }
}
