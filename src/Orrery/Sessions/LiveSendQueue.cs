using System.Threading.Channels;

namespace Orrery.Sessions;

/// <summary>
/// A live client's bounded send queue and the one reason it closes for, as both kinds of subscriber (a WebSocket here,
/// a relay to another replica) hold them: the session offers without waiting, the first close wins and lets the
/// reader drain what was queued.
/// </summary>
internal sealed class LiveSendQueue(int capacity)
{
    private readonly Channel<LiveMessage> _channel = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: the session decides what then
    });

    private (LiveCloseCode Code, string Reason)? _close;

    /// <summary>Why the client is being closed; null while it is open.</summary>
    public (LiveCloseCode Code, string Reason)? Closing => _close;

    public ChannelReader<LiveMessage> Reader => _channel.Reader;

    /// <summary>False when the queue is full; a closing queue takes and drops everything (that is no client falling behind).</summary>
    public bool TryEnqueue(LiveMessage message) => _close is not null || _channel.Writer.TryWrite(message);

    /// <summary>Records the close and completes the queue; false when it was already closing (the first reason stands).</summary>
    public bool TryClose(LiveCloseCode code, string reason)
    {
        lock (_channel)
        {
            if (_close is not null)
            {
                return false;
            }
            _close = (code, reason);
        }
        _channel.Writer.TryComplete();
        return true;
    }
}
