namespace Orrery.ReferenceEngine.Hosting;

/// <summary>Source-generated log messages; event ids are numbered here and in <see cref="EngineLog"/>.</summary>
internal sealed partial class GameService
{
    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Initialised game {GameId} with {Races} races on {Planets} planets")]
    private partial void LogInitialised(Guid gameId, int races, int planets);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Generated turn {Turn} (finished: {Finished})")]
    private partial void LogTurnGenerated(int turn, bool finished);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Failing turn {Turn} on purpose (ENGINE_FAIL_TURN)")]
    private partial void LogInjectedFailure(int turn);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Cannot save the game state in {StatePath}")]
    private partial void LogSaveFailed(string statePath, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Refused a turn expecting turn {ExpectedTurn}: the game is at turn {ActualTurn}")]
    private partial void LogTurnMismatch(int expectedTurn, int actualTurn);
}
