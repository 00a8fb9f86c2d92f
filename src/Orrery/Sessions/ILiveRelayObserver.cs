namespace Orrery.Sessions;

/// <summary>
/// The replica holding a client's WebSocket, as the owner of the client's game sees it (an Orleans observer). The
/// owner awaits each call before the next, so frames arrive in order.
/// </summary>
public interface ILiveRelayObserver : IGrainObserver
{
    /// <summary>Queues frames for the client; a client whose queue is full is closed with 1013 there.</summary>
    Task DeliverAsync(LiveFrame[] frames);

    /// <summary>Closes the client, after what was delivered, with <paramref name="code"/>.</summary>
    Task CloseAsync(LiveCloseCode code, string reason);
}
