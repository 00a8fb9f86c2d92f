namespace Orrery.Sessions;

/// <summary>
/// A client of a live session as the session sees it: a WebSocket on this node, or a relay of one on another replica.
/// The session never waits on a subscriber: it offers each message and closes a subscriber that cannot take it.
/// </summary>
public interface ILiveSubscriber
{
    LiveViewer Viewer { get; }

    /// <summary>False once the connection closed; the periodic cleanup drops such subscribers.</summary>
    bool IsOpen { get; }

    /// <summary>Queues <paramref name="message"/> for sending without blocking; false when the send queue is full.</summary>
    bool TryEnqueue(LiveMessage message);

    /// <summary>Closes the connection once what is queued has been sent (for <see cref="LiveCloseCode.FellBehind"/>, at once).</summary>
    void Close(LiveCloseCode code, string reason);
}
