namespace Orrery.ReferenceEngine.Api;

/// <summary>The <c>code</c> extension of the engine's problem responses; Orrery maps on these, not on titles.</summary>
internal static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string Conflict = "conflict";
    public const string NotInitialised = "not_initialised";
    public const string GameFinished = "game_finished";
    public const string EngineError = "engine_error";
    public const string TurnMismatch = "turn_mismatch";
}
