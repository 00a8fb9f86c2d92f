namespace Orrery.Sessions;

/// <summary>The WebSocket close codes a live session ends a connection with (docs/live-sessions.md, "Close codes").</summary>
public enum LiveCloseCode
{
    /// <summary>The session ended after a <c>finished</c> message: do not reconnect.</summary>
    Ended = 1000,

    /// <summary>The node is shutting down: reconnect, to any replica, and resume.</summary>
    NodeStopping = 1001,

    /// <summary>The client broke the protocol (a message that is not a ping, malformed, binary or too large).</summary>
    ProtocolViolation = 1008,

    /// <summary>The session moved to another replica or restarted: reconnect and resume.</summary>
    SessionMoved = 1012,

    /// <summary>The client fell behind (its send queue was full): reconnect and resume.</summary>
    FellBehind = 1013,
}
