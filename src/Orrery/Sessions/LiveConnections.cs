using Orrery.Cluster;
using Orrery.Errors;
using Orrery.Observability;

namespace Orrery.Sessions;

/// <summary>
/// Serves an accepted live WebSocket from the session of its game: attached here when this node owns the game,
/// otherwise relayed from the owner through the game's shard grain (SPEC §8, §10). A relayed client is closed with
/// 1012 when the owner stops answering for it, and reconnects to be served by the new owner.
/// </summary>
public sealed partial class LiveConnections(
    IGameOwnership ownership,
    LiveSessions sessions,
    IGrainFactory grains,
    GameShards shards,
    TimeProvider time,
    ILogger<LiveConnections> logger)
{
    /// <summary>How often a relayed client's replica asks the owner whether the relay still stands.</summary>
    public static readonly TimeSpan RelayCheckInterval = TimeSpan.FromSeconds(3);

    /// <summary>Attempts while the game is between owners (the keeper re-places a shard within seconds).</summary>
    private const int MaxAttempts = 4;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the connection until it closes; <paramref name="stopping"/> closes it with 1001.</summary>
    public async Task ServeAsync(Guid gameId, WebSocketSubscriber client, LiveResume? resume, CancellationToken stopping)
    {
        var serving = client.RunAsync(stopping);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts && client.IsOpen; attempt++)
            {
                var served = ownership.Owns(gameId)
                    ? await TryServeHereAsync(gameId, client, resume, serving, stopping)
                    : await TryRelayAsync(gameId, client, resume, serving, stopping);
                if (served)
                {
                    return;
                }
                await Task.Delay(RetryDelay * attempt, time, stopping);
            }
            client.Close(LiveCloseCode.SessionMoved, "the game's owner is changing: reconnect");
        }
        catch (OrreryException ex)
        {
            Log.Refused(logger, gameId, client.Viewer.Name, ex.Code);
            client.Close(ex.Code == ErrorCodes.NotFound ? LiveCloseCode.Ended : LiveCloseCode.SessionMoved, ex.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The registration in RunAsync closes with 1001.
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The owner could not be reached (a grain call failed): the client must not wait on a relay that never came.
            Log.OwnerUnreachable(logger, ex, gameId, client.Viewer.Name);
            client.Close(LiveCloseCode.SessionMoved, "the game's owner could not be reached: reconnect");
        }
        finally
        {
            await serving;
        }
    }

    private async Task<bool> TryServeHereAsync(Guid gameId, WebSocketSubscriber client, LiveResume? resume, Task serving, CancellationToken cancellationToken)
    {
        LiveAttachment attachment;
        try
        {
            attachment = await sessions.AttachAsync(gameId, client, resume, cancellationToken);
        }
        catch (OrreryException ex) when (ex.Code == ErrorCodes.NotOwner)
        {
            return false;
        }
        await using (attachment)
        {
            await serving;
        }
        return true;
    }

    private async Task<bool> TryRelayAsync(Guid gameId, WebSocketSubscriber client, LiveResume? resume, Task serving, CancellationToken cancellationToken)
    {
        var observer = new RelayObserver(client);
        var reference = grains.CreateObjectReference<ILiveRelayObserver>(observer);
        var grain = grains.GetGrain<IGameShardGrain>(shards.ShardOf(gameId));
        var join = new LiveJoin(Guid.NewGuid(), RelayedViewer.From(client.Viewer), resume?.Session, resume?.LastSeq ?? 0, reference);
        var joined = false;
        try
        {
            var reply = await grain.JoinLiveAsync(gameId, join, cancellationToken);
            if (reply.ErrorCode == ErrorCodes.NotOwner)
            {
                return false;
            }
            var session = reply.Unwrap();
            joined = true;
            Log.Relayed(logger, gameId, client.Viewer.Name, session);
            await WatchRelayAsync(grain, join.RelayId, client, serving);
            return true;
        }
        finally
        {
            // A relay closed with 1012 died with its owner or was ended by it: there is nobody to tell.
            if (joined && client.CloseCode is not LiveCloseCode.SessionMoved)
            {
                await LeaveQuietlyAsync(grain, join.RelayId);
            }
            grains.DeleteObjectReference<ILiveRelayObserver>(reference);
            GC.KeepAlive(observer); // Orleans holds observers weakly: this frame keeps it for the relay's lifetime
        }
    }

    private async Task WatchRelayAsync(IGameShardGrain grain, Guid relayId, WebSocketSubscriber client, Task serving)
    {
        using var timer = new PeriodicTimer(RelayCheckInterval, time);
        while (!serving.IsCompleted)
        {
            var tick = timer.WaitForNextTickAsync().AsTask();
            if (await Task.WhenAny(serving, tick) == serving)
            {
                return;
            }
            bool alive;
            try
            {
                alive = await grain.IsLiveRelayAliveAsync(relayId).WaitAsync(RelayCheckInterval, time);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.OwnerLost(logger, ex, relayId);
                alive = false;
            }
            if (!alive)
            {
                client.Close(LiveCloseCode.SessionMoved, "the game's owner changed: reconnect");
            }
        }
    }

    private async Task LeaveQuietlyAsync(IGameShardGrain grain, Guid relayId)
    {
        try
        {
            await grain.LeaveLiveAsync(relayId).WaitAsync(RelayCheckInterval, time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The owner is gone or changed: the relay died with it.
            Log.LeaveFailed(logger, relayId, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.LiveConnections.Relayed, LogLevel.Debug, "Live client {Viewer} of game {GameId} is served by the owner through relay (session {Session})")]
        public static partial void Relayed(ILogger logger, Guid gameId, string viewer, string session);

        [LoggerMessage(LogEventIds.LiveConnections.OwnerLost, LogLevel.Information, "Live relay {RelayId} lost its owner: closing the client with 1012")]
        public static partial void OwnerLost(ILogger logger, Exception exception, Guid relayId);

        [LoggerMessage(LogEventIds.LiveConnections.LeaveFailed, LogLevel.Debug, "Live relay {RelayId} could not tell the owner it left: {Reason}")]
        public static partial void LeaveFailed(ILogger logger, Guid relayId, string reason);

        [LoggerMessage(LogEventIds.LiveConnections.Refused, LogLevel.Information, "Live client {Viewer} of game {GameId} could not be served: {Code}")]
        public static partial void Refused(ILogger logger, Guid gameId, string viewer, string code);

        [LoggerMessage(LogEventIds.LiveConnections.OwnerUnreachable, LogLevel.Warning, "Live client {Viewer} of game {GameId}: the game's owner could not be reached; closing with 1012")]
        public static partial void OwnerUnreachable(ILogger logger, Exception exception, Guid gameId, string viewer);
    }
}
