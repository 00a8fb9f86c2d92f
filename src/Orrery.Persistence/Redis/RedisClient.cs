using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orrery.Persistence.Redis;

/// <summary>
/// Orrery's Redis client: one multiplexed, pipelined connection for ordinary commands, and connections of
/// their own for commands the server may hold back (<c>XREAD BLOCK</c>), which would stall everything queued
/// behind them on a shared connection.
/// </summary>
/// <remarks>
/// When the server goes away, the commands in flight fail with <see cref="RedisConnectionException"/> and
/// the next command reconnects. A failed attempt makes commands fail fast until a backoff has passed (doubling
/// per failure, reset by a success), so callers retrying in a loop do not hammer a server that is down.
/// </remarks>
public sealed partial class RedisClient : IAsyncDisposable
{
    /// <summary>Idle blocking connections kept for the next waiting read; more are closed when returned.</summary>
    private const int MaxIdleBlockingConnections = 4;

    private readonly RedisConnectionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RedisTelemetry? _telemetry;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private readonly ConcurrentBag<RedisConnection> _idleBlocking = [];
    private RedisConnection? _shared;
    private TimeSpan _backoff;
    private long _nextAttempt;
    private RedisConnectionException? _lastFailure;
    private bool _disposed;

    /// <param name="meters">The host's meters, for connection counts; tests and tools that build a client alone pass none.</param>
    public RedisClient(RedisConnectionSettings settings, TimeProvider time, ILogger<RedisClient>? logger = null, IMeterFactory? meters = null)
    {
        _telemetry = meters is null ? null : new RedisTelemetry(meters);
        _settings = settings;
        _time = time;
        _logger = logger ?? NullLogger<RedisClient>.Instance;
        _backoff = settings.ReconnectBackoff;
    }

    public RedisConnectionSettings Settings => _settings;

    /// <summary>Sends one command on the shared connection, pipelined with every other caller's.</summary>
    /// <exception cref="RedisServerException">An error reply (typed: <see cref="RedisNoGroupException"/> ...).</exception>
    /// <exception cref="RedisConnectionException">Redis is unreachable, or the connection broke with the command in flight.</exception>
    public async Task<RedisReply> ExecuteAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        var connection = await SharedAsync(cancellationToken);
        return await connection.ExecuteAsync(command, cancellationToken);
    }

    /// <summary>Sends several commands back to back, before reading any reply; their replies in the same order.</summary>
    /// <exception cref="RedisServerException">The first error reply; the other commands ran.</exception>
    public async Task<RedisReply[]> ExecuteManyAsync(IReadOnlyList<RedisCommand> commands, CancellationToken cancellationToken)
    {
        if (commands.Count == 0)
        {
            return [];
        }
        var connection = await SharedAsync(cancellationToken);
        return await connection.ExecuteManyAsync(commands as RedisCommand[] ?? [.. commands], cancellationToken);
    }

    /// <summary>
    /// Sends a command the server may hold back, on a connection nobody else uses meanwhile. Cancelling closes
    /// that connection, which is how Redis learns to stop waiting.
    /// </summary>
    public async Task<RedisReply> ExecuteBlockingAsync(RedisCommand command, CancellationToken cancellationToken)
    {
        var connection = await LeaseBlockingAsync(cancellationToken);
        try
        {
            var reply = await connection.ExecuteAsync(command, cancellationToken);
            Return(connection);
            return reply;
        }
        catch (RedisServerException)
        {
            Return(connection); // an error reply leaves the connection in step
            throw;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connecting.WaitAsync();
        try
        {
            _disposed = true;
            if (_shared is not null)
            {
                await _shared.DisposeAsync();
            }
            while (_idleBlocking.TryTake(out var idle))
            {
                await idle.DisposeAsync();
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async ValueTask<RedisConnection> SharedAsync(CancellationToken cancellationToken)
    {
        if (_shared is { IsBroken: false } current)
        {
            return current;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_shared is { IsBroken: false } opened)
            {
                return opened;
            }
            if (_shared is not null)
            {
                Log.ConnectionLost(_logger, _settings.Endpoint);
                await _shared.DisposeAsync();
                _shared = null;
            }
            return _shared = await OpenAsync(cancellationToken);
        }
        finally
        {
            _connecting.Release();
        }
    }

    private async ValueTask<RedisConnection> LeaseBlockingAsync(CancellationToken cancellationToken)
    {
        while (_idleBlocking.TryTake(out var idle))
        {
            if (!idle.IsBroken)
            {
                return idle;
            }
            await idle.DisposeAsync();
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            return await OpenAsync(cancellationToken);
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void Return(RedisConnection connection)
    {
        if (_disposed || connection.IsBroken || _idleBlocking.Count >= MaxIdleBlockingConnections)
        {
            _ = connection.DisposeAsync().AsTask();
            return;
        }
        _idleBlocking.Add(connection);
    }

    /// <summary>Opens a connection unless the backoff of the last failure still runs; call it holding <see cref="_connecting"/>.</summary>
    private async Task<RedisConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var now = _time.GetTimestamp();
        if (_lastFailure is not null && now < _nextAttempt)
        {
            throw new RedisConnectionException(
                $"Redis at {_settings.Endpoint} is unreachable; the next attempt is in {_time.GetElapsedTime(now, _nextAttempt).TotalMilliseconds:0} ms.",
                _lastFailure);
        }
        try
        {
            var connection = await RedisConnection.OpenAsync(_settings, cancellationToken);
            if (_lastFailure is not null)
            {
                Log.Reconnected(_logger, _settings.Endpoint);
            }
            (_lastFailure, _backoff) = (null, _settings.ReconnectBackoff);
            _telemetry?.ConnectionsOpened.Add(1);
            return connection;
        }
        catch (RedisConnectionException ex)
        {
            Log.ConnectFailed(_logger, _settings.Endpoint, _backoff, ex.Message);
            _lastFailure = ex;
            _nextAttempt = now + (long)(_backoff.TotalSeconds * _time.TimestampFrequency);
            _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, _settings.MaxReconnectBackoff.Ticks));
            _telemetry?.ConnectFailures.Add(1);
            throw;
        }
    }
}
