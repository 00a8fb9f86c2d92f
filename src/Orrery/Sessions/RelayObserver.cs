namespace Orrery.Sessions;

/// <summary>The receiving end of a relay: hands what the owner sends to the local WebSocket.</summary>
internal sealed class RelayObserver(WebSocketSubscriber client) : ILiveRelayObserver
{
    public Task DeliverAsync(LiveFrame[] frames)
    {
        foreach (var frame in frames)
        {
            if (!client.TryEnqueue(frame.ToMessage()))
            {
                client.Close(LiveCloseCode.FellBehind, "send queue full");
                break;
            }
        }
        return Task.CompletedTask;
    }

    public Task CloseAsync(LiveCloseCode code, string reason)
    {
        client.Close(code, reason);
        return Task.CompletedTask;
    }
}
