namespace Orrery.Errors;

/// <summary>
/// The stable, machine-readable error codes of the API (SPEC §4). They appear in problem+json
/// bodies, in the operation log and in <c>runtime_job_result</c> lobby events.
/// </summary>
public static class ErrorCodes
{
    public const string InvalidInput = "invalid_input";
    public const string Conflict = "conflict";
    public const string NotFound = "not_found";
    public const string InvalidTransition = "invalid_transition";
    public const string SemverPatchOnly = "semver_patch_only";
    public const string QueueFull = "queue_full";
    public const string ShuttingDown = "shutting_down";
    public const string EngineUnreachable = "engine_unreachable";
    public const string EngineStartFailed = "engine_start_failed";
    public const string ImageUnavailable = "image_unavailable";
    /// <summary>
    /// The engine answered its init and refused it (SPEC §12: 409, its state directory holds another game; 400, bad
    /// input): it is reachable, and starting it again changes nothing until its state directory or the game is fixed.
    /// </summary>
    public const string EngineRejectedInit = "engine_rejected_init";
    /// <summary>A start found the engine host at its capacity (<c>Orrery:EngineCapacity</c>); nothing was launched.</summary>
    public const string EngineHostFull = "engine_host_full";
    /// <summary>This node does not own the game (cluster mode: its shard moved to another replica); retrying reaches the new owner.</summary>
    public const string NotOwner = "not_owner";
    public const string Interrupted = "interrupted";
    /// <summary>A game's live session could not be started (its start was rolled back); connecting again retries it.</summary>
    public const string SessionStartFailed = "session_start_failed";
    public const string InternalError = "internal_error";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string PayloadTooLarge = "payload_too_large";
    /// <summary>The user is not a member of the game (a player token for them, or their live connection, is refused).</summary>
    public const string NotMember = "not_member";
    /// <summary>A live session's player token is forged, malformed, expired or signed by an unknown key.</summary>
    public const string InvalidToken = "invalid_token";
    /// <summary>A valid player token, of another game than the live session asked for.</summary>
    public const string WrongGame = "wrong_game";
    /// <summary>The live route was called without a WebSocket upgrade.</summary>
    public const string WebSocketRequired = "websocket_required";

    /// <summary>Whether <paramref name="code"/> refuses a request that cannot succeed as asked (answered 4xx before anything ran).</summary>
    public static bool IsRefusal(string? code) => code is InvalidInput or InvalidTransition or SemverPatchOnly or Conflict or NotFound;
}
