namespace Orrery.Sessions;

/// <summary>The <c>type</c> of each server message, and the reasons a <c>finished</c> message gives.</summary>
public static class LiveMessageTypes
{
    public const string Welcome = "welcome";
    public const string TurnResult = "turn_result";
    public const string Status = "status";
    public const string Presence = "presence";
    public const string Finished = "finished";
    public const string Pong = "pong";
}

/// <summary>Why a session ended, as its <c>finished</c> message says.</summary>
public static class LiveEndReasons
{
    public const string Finished = "finished";
    public const string Stopped = "stopped";
    public const string Removed = "removed";
    public const string Deleted = "deleted";
}
