using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Orrery.Persistence.Redis;

/// <summary>
/// One TCP connection to Redis with pipelining. Callers encode their commands into a shared send buffer; the
/// caller that finds no send under way sends it (on its own thread: no hand-over to a writer task), and goes
/// on sending what other callers added meanwhile, so concurrent callers share writes. A reader loop parses
/// replies and hands them out in the order the commands were written (RESP2 answers in order). Once broken
/// (the server went away, a protocol error) it stays broken and fails every command in flight with
/// <see cref="RedisConnectionException"/>; <see cref="RedisClient"/> opens a new one.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    // A large read buffer keeps a 500-entry XREAD reply in one or two reads, so it is parsed once, not per fragment.
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024);

    /// <summary>A send buffer grown past this by one huge command is not kept for the next ones.</summary>
    private const int MaxKeptSendBuffer = 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly string _endpoint;
    private readonly PipeReader _input;
    private readonly Task _reading;
    private readonly ConcurrentQueue<PendingRequest> _written = new();

    // Guards the send buffers, _sending and the order of _written; never held across an await.
    private readonly Lock _sendLock = new();
    private ArrayBufferWriter<byte> _unsent = new(4096);
    private ArrayBufferWriter<byte> _spare = new(4096);
    private bool _sending;
    private Task _sendLoop = Task.CompletedTask;
    private Exception? _failure;

    private RedisConnection(Socket socket, string endpoint)
    {
        _socket = socket;
        _endpoint = endpoint;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, ReaderOptions);
        _reading = Task.Run(ReadLoopAsync);
    }

    /// <summary>True once the connection failed or was disposed: no command will succeed on it any more.</summary>
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    /// <summary>Connects within the settings' timeout and logs in when a password is set.</summary>
    /// <exception cref="RedisConnectionException">Unreachable, timed out, or the login was refused.</exception>
    public static async Task<RedisConnection> OpenAsync(RedisConnectionSettings settings, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // A peer that vanished without a word (a host gone, a partition) is noticed in about 20 s, not hours:
        // the read loop then fails, and with it every command waiting on this connection.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 10);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 3);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            var why = ex is SocketException socketError ? socketError.SocketErrorCode.ToString() : $"no answer within {settings.ConnectTimeout}";
            throw new RedisConnectionException($"Could not connect to Redis at {settings.Endpoint}: {why}.", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new RedisConnection(socket, settings.Endpoint);
        if (settings.Password is null)
        {
            return connection;
        }
        try
        {
            await connection.ExecuteAsync(settings.User is null ? new("AUTH", settings.Password) : new("AUTH", settings.User, settings.Password), timeout.Token);
            return connection;
        }
        catch (Exception ex)
        {
            await connection.DisposeAsync();
            throw ex is RedisServerException refused
                ? new RedisConnectionException($"Redis at {settings.Endpoint} refused the login: {refused.ErrorCode}.", refused)
                : ex;
        }
    }

    /// <summary>Queues a command; its reply completes the task. Cancelling abandons the wait, not the command once queued.</summary>
    /// <exception cref="RedisServerException">An error reply.</exception>
    /// <exception cref="RedisConnectionException">The connection broke before the reply came.</exception>
    public async Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken) =>
        (await ExecuteManyAsync([command], cancellationToken))[0];

    /// <summary>
    /// Queues commands to be written back to back; the task completes once with all their replies, so a batch
    /// costs one wake-up of the caller, not one per command.
    /// </summary>
    /// <exception cref="RedisServerException">The first error reply; the other commands ran.</exception>
    public Task<RedisReply[]> ExecuteManyAsync(RedisCommand[] commands, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(commands);
        bool startSending;
        lock (_sendLock)
        {
            if (_failure is not null)
            {
                return Task.FromException<RedisReply[]>(Broken(pending));
            }
            // Queued in the order its bytes go out, so its replies always find it at the head.
            _written.Enqueue(pending);
            foreach (var command in commands)
            {
                RespWriter.Write(_unsent, command);
            }
            startSending = !_sending;
            _sending = true;
        }
        if (startSending)
        {
            _sendLoop = SendLoopAsync();
        }
        return cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new ObjectDisposedException(nameof(RedisConnection)));
        await Task.WhenAll(_sendLoop, _reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _input.CompleteAsync();
    }

    /// <summary>Sends the buffer, swapping in the spare so callers keep writing meanwhile, until nothing is left.</summary>
    private async Task SendLoopAsync()
    {
        try
        {
            while (true)
            {
                ArrayBufferWriter<byte> sending;
                lock (_sendLock)
                {
                    if (_unsent.WrittenCount == 0 || _failure is not null)
                    {
                        _sending = false;
                        return;
                    }
                    (sending, _unsent) = (_unsent, _spare);
                }
                await _stream.WriteAsync(sending.WrittenMemory);
                sending.ResetWrittenCount();
                _spare = sending.Capacity > MaxKeptSendBuffer ? new ArrayBufferWriter<byte>(4096) : sending;
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var read = await _input.ReadAsync();
                if (read.IsCanceled)
                {
                    return; // by Fail
                }
                var buffer = read.Buffer;
                while (RespParser.TryParse(ref buffer, out var reply))
                {
                    Complete(reply);
                }
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    Fail(new RedisConnectionException($"Redis at {_endpoint} closed the connection."));
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private void Complete(RedisReply reply)
    {
        // Only this loop takes from the queue: the head stays there until its last reply.
        if (!_written.TryPeek(out var pending))
        {
            throw new RedisProtocolException("Redis sent a reply to no command.");
        }
        if (pending.Accept(reply))
        {
            _written.TryDequeue(out _);
        }
    }

    /// <summary>Breaks the connection once: stops reading and sending and fails every command written or queued.</summary>
    private void Fail(Exception cause)
    {
        lock (_sendLock)
        {
            if (_failure is not null)
            {
                return;
            }
            // Under the lock: no request can be queued after the drain below.
            _failure = cause;
        }
        _socket.Dispose(); // ends a pending read or send at once
        _input.CancelPendingRead();
        while (_written.TryDequeue(out var pending))
        {
            pending.TrySetException(Broken(pending));
        }
    }

    private RedisConnectionException Broken(PendingRequest pending)
    {
        var cause = _failure;
        var why = cause switch
        {
            ObjectDisposedException => "the connection was closed",
            RedisException redis => redis.Message,
            null => "the connection was closed",
            _ => cause.Message,
        };
        return new RedisConnectionException($"{pending.Name} to Redis at {_endpoint} failed with the connection: {why}", cause);
    }
}
