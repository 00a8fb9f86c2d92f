namespace Orrery.ReferenceEngine.Hosting;

/// <summary>Start-up log messages (event ids 1-9; <see cref="GameService"/> uses 10-19).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Reference engine listening on {Urls}, state in {StatePath}, {Game}")]
    public static partial void Started(ILogger logger, string urls, string statePath, string game);
}
