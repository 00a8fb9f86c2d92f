using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace Orrery.Sessions;

/// <summary>
/// One live client on a WebSocket of this node: a bounded send queue drained by one send loop, and a receive loop
/// that answers pings and closes the connection for anything else (docs/live-sessions.md). The session only ever
/// offers messages; a full queue is the session's cue to close the client with 1013.
/// </summary>
public sealed partial class WebSocketSubscriber : ILiveSubscriber
{
    /// <summary>How long a closing connection may take to say goodbye (drain, close handshake) before it is aborted.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly Channel<LiveMessage> _queue;
    private readonly int _maxMessageBytes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort;
    private (LiveCloseCode Code, string Reason)? _close;
    private long _lastSeq;

    public WebSocketSubscriber(WebSocket socket, LiveViewer viewer, int sendQueue, int maxMessageBytes, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        Viewer = viewer;
        _maxMessageBytes = maxMessageBytes;
        _logger = logger;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _queue = Channel.CreateBounded<LiveMessage>(new BoundedChannelOptions(sendQueue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full: the session decides what then
        });
    }

    public LiveViewer Viewer { get; }

    public bool IsOpen => _close is null && !_abort.IsCancellationRequested;

    /// <summary>The close code the connection ended with (set once it is closing).</summary>
    public LiveCloseCode? CloseCode => _close?.Code;

    /// <summary>The last sequence number queued to this client: what a pong carries.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public bool TryEnqueue(LiveMessage message)
    {
        if (!IsOpen)
        {
            return true; // dropped with the connection; not a client falling behind
        }
        if (!_queue.Writer.TryWrite(message))
        {
            return false;
        }
        InterlockedMax(ref _lastSeq, message.Seq);
        return true;
    }

    public void Close(LiveCloseCode code, string reason)
    {
        lock (_queue)
        {
            if (_close is not null)
            {
                return;
            }
            _close = (code, reason);
        }
        _queue.Writer.TryComplete();
        try
        {
            // A client that stopped reading may never let the drain or the handshake finish: bound both.
            _abort.CancelAfter(CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    /// <summary>Serves the connection until it is closed, by either side or by <paramref name="cancellationToken"/> (node stopping: 1001).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var stopping = cancellationToken.Register(() => Close(LiveCloseCode.NodeStopping, "node stopping"));
        var receiving = ReceiveLoopAsync();
        try
        {
            await SendLoopAsync();
            await CloseOutputAsync();
            // The client answers our close frame; its arrival ends the receive loop.
            await receiving.WaitAsync(_abort.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            if (_socket.State is not WebSocketState.Closed)
            {
                _socket.Abort();
            }
            _abort.Cancel();
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _abort.Dispose();
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(_abort.Token))
            {
                if (_close is { Code: LiveCloseCode.FellBehind or LiveCloseCode.ProtocolViolation or LiveCloseCode.SessionMoved })
                {
                    return; // what is still queued is for a client that resumes anyway
                }
                await _socket.SendAsync(message.Utf8Json, WebSocketMessageType.Text, endOfMessage: true, _abort.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            Close(LiveCloseCode.NodeStopping, "connection lost");
        }
    }

    private async Task CloseOutputAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived) || _close is not { } close)
        {
            return;
        }
        try
        {
            await _socket.CloseOutputAsync((WebSocketCloseStatus)(int)close.Code, close.Reason, _abort.Token);
            Log.Closed(_logger, Viewer.Name, (int)close.Code, close.Reason);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client is gone or never drained: the finally block aborts.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_maxMessageBytes + 1);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length > _maxMessageBytes)
                    {
                        Violation("message too large");
                        return;
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length, _maxMessageBytes + 1 - length), _abort.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        Close(LiveCloseCode.Ended, "closed by the client");
                        return;
                    case WebSocketMessageType.Binary:
                        Violation("binary frames are not accepted");
                        return;
                    case WebSocketMessageType.Text when length > _maxMessageBytes:
                        Violation("message too large");
                        return;
                    case WebSocketMessageType.Text when LiveClientMessages.TryReadPing(buffer.AsSpan(0, length), out var id):
                        if (!TryEnqueue(LiveMessages.Pong(LastSeq, id)))
                        {
                            Close(LiveCloseCode.FellBehind, "send queue full");
                            return;
                        }
                        break;
                    default:
                        Violation("only ping messages are accepted");
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            Close(LiveCloseCode.NodeStopping, "connection lost");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Violation(string reason)
    {
        Log.ProtocolViolation(_logger, Viewer.Name, reason);
        Close(LiveCloseCode.ProtocolViolation, reason);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(8501, LogLevel.Debug, "Live connection of {Viewer} closed with {Code}: {Reason}")]
        public static partial void Closed(ILogger logger, string viewer, int code, string reason);

        [LoggerMessage(8502, LogLevel.Information, "Live connection of {Viewer} broke the protocol ({Reason}): closing with 1008")]
        public static partial void ProtocolViolation(ILogger logger, string viewer, string reason);
    }
}
