using System.Buffers;
using System.Net.WebSockets;
using Orrery.Observability;

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
    private readonly LiveSendQueue _queue;
    private readonly int _maxMessageBytes;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort;
    private long _lastSeq;

    public WebSocketSubscriber(WebSocket socket, LiveViewer viewer, int sendQueue, int maxMessageBytes, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        Viewer = viewer;
        _maxMessageBytes = maxMessageBytes;
        _logger = logger;
        _abort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _queue = new LiveSendQueue(sendQueue);
    }

    public LiveViewer Viewer { get; }

    public bool IsOpen => _queue.Closing is null && !_abort.IsCancellationRequested;

    /// <summary>The close code the connection ended with (set once it is closing).</summary>
    public LiveCloseCode? CloseCode => _queue.Closing?.Code;

    /// <summary>The last sequence number queued to this client: what a pong carries.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public bool TryEnqueue(LiveMessage message)
    {
        if (!_queue.TryEnqueue(message))
        {
            return false;
        }
        InterlockedMax(ref _lastSeq, message.Seq);
        return true;
    }

    public void Close(LiveCloseCode code, string reason)
    {
        if (!_queue.TryClose(code, reason))
        {
            return;
        }
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
            // The client answers our close frame; its arrival ends the receive loop, or, when that loop ended first (a
            // protocol violation), the wait below reads up to it: aborting instead would reset the connection under it.
            await receiving.WaitAsync(_abort.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await AwaitClientCloseAsync();
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
                if (_queue.Closing is { Code: LiveCloseCode.FellBehind or LiveCloseCode.ProtocolViolation or LiveCloseCode.SessionMoved })
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
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived) || _queue.Closing is not { } close)
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

    private async Task AwaitClientCloseAsync()
    {
        var discard = new byte[256];
        try
        {
            while (_socket.State == WebSocketState.CloseSent && !_abort.IsCancellationRequested)
            {
                await _socket.ReceiveAsync(discard.AsMemory(), _abort.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // Gone or silent: the caller aborts.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next frame without holding a buffer: an idle connection holds none.
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, _abort.Token);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    Close(LiveCloseCode.Ended, "closed by the client");
                    return;
                }
                if (!await HandleMessageAsync(first))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            Close(LiveCloseCode.NodeStopping, "connection lost");
        }
    }

    /// <summary>Reads the rest of the message that <paramref name="first"/> started and acts on it; false once the connection is closing.</summary>
    private async Task<bool> HandleMessageAsync(ValueWebSocketReceiveResult first)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_maxMessageBytes + 1);
        try
        {
            var length = 0;
            var result = first;
            while (!result.EndOfMessage)
            {
                if (length > _maxMessageBytes)
                {
                    return Violation("message too large");
                }
                result = await _socket.ReceiveAsync(buffer.AsMemory(length, _maxMessageBytes + 1 - length), _abort.Token);
                length += result.Count;
            }
            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    Close(LiveCloseCode.Ended, "closed by the client");
                    return false;
                case WebSocketMessageType.Binary:
                    return Violation("binary frames are not accepted");
                case WebSocketMessageType.Text when length > _maxMessageBytes:
                    return Violation("message too large");
                case WebSocketMessageType.Text when LiveClientMessages.TryReadPing(buffer.AsSpan(0, length), out var id):
                    if (TryEnqueue(LiveMessages.Pong(LastSeq, id)))
                    {
                        return true;
                    }
                    Close(LiveCloseCode.FellBehind, "send queue full");
                    return false;
                default:
                    return Violation("only ping messages are accepted");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool Violation(string reason)
    {
        Log.ProtocolViolation(_logger, Viewer.Name, reason);
        Close(LiveCloseCode.ProtocolViolation, reason);
        return false;
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
        [LoggerMessage(LogEventIds.WebSocketSubscriber.Closed, LogLevel.Debug, "Live connection of {Viewer} closed with {Code}: {Reason}")]
        public static partial void Closed(ILogger logger, string viewer, int code, string reason);

        [LoggerMessage(LogEventIds.WebSocketSubscriber.ProtocolViolation, LogLevel.Information, "Live connection of {Viewer} broke the protocol ({Reason}): closing with 1008")]
        public static partial void ProtocolViolation(ILogger logger, string viewer, string reason);
    }
}
