using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Errors;

namespace Orrery.Sessions;

/// <summary>
/// The supervisor of this node's session pools and the registry of which pool holds which game's session (SPEC §8):
/// starts a session in the first pool with room (a new pool when all are full), never a second one for a game,
/// restarts a crashed pool from its persisted state, routes committed changes to the owning pool, and stops the
/// sessions of shards the node gives up.
/// </summary>
public sealed partial class LiveSessions : IShardParticipant, IPoolSupervisor
{
    private const int MaxAttachAttempts = 3;

    private readonly Lock _gate = new();
    // Changed only under _gate (placement decisions need it with the pools' counts); read without it on the turn path.
    private readonly ConcurrentDictionary<Guid, Placement> _registry = new();
    private readonly List<SessionPool> _pools = [];
    private readonly HashSet<SessionPool> _retiring = []; // emptied pools still deleting their state
    private readonly List<ShardSet> _releasing = []; // shards being given up, whose fences this node still holds
    private readonly PoolContext _context;
    private readonly IGameOwnership? _ownership;
    private readonly ILogger<LiveSessions> _logger;
    private int _poolNumber;
    private bool _stopped;

    public LiveSessions(
        ISessionPoolStore store, LiveGameSource source, GameChanges changes, IOptions<LiveOptions> options, TimeProvider time,
        LiveMetrics metrics, ILogger<LiveSessions> logger, IGameOwnership? ownership = null)
    {
        // Pools are local to this process: a new id per process keeps a restarted node from adopting rows it cannot serve.
        NodeId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        _context = new PoolContext(NodeId, store, source, options.Value, time, metrics, logger);
        _ownership = ownership;
        _logger = logger;
        metrics.Sessions = () => _registry.Count;
        metrics.Pools = () => Snapshot(() => _pools.Count);
        metrics.MailboxDepths = () => Snapshot(() => _pools.Select(p => new Measurement<int>(p.MailboxDepth, new KeyValuePair<string, object?>("pool", p.PoolId))).ToList());
        changes.Listen(Route);
    }

    /// <summary>This process's id in the pool store.</summary>
    public string NodeId { get; }

    /// <summary>
    /// Starts the game's session if it does not run, adds <paramref name="subscriber"/>, and offers it the backlog after
    /// <paramref name="resume"/> (same incarnation, backlog reaches back) or a fresh welcome.
    /// </summary>
    /// <exception cref="OrreryException"><c>not_found</c> for an unknown game; <c>not_owner</c> when another replica owns it;
    /// <c>shutting_down</c> while the node stops; <c>session_start_failed</c> when the start failed (after its rollback).</exception>
    public async Task<LiveAttachment> AttachAsync(Guid gameId, ILiveSubscriber subscriber, LiveResume? resume, CancellationToken ct)
    {
        if (_ownership is not null && !_ownership.Owns(gameId))
        {
            throw new OrreryException(ErrorCodes.NotOwner, $"This node does not own game {gameId}; its live session runs on the owner.");
        }
        for (var attempt = 1; ; attempt++)
        {
            var placement = Place(gameId);
            try
            {
                var session = await placement.Started.WaitAsync(ct);
                // Not cancellable once queued: an attach the caller stopped waiting for would leave the subscriber attached.
                if (await placement.Pool.AttachAsync(session, subscriber, resume) is { } attachment)
                {
                    return attachment;
                }
                // The session stopped between its start and this attach (ended, idle, moved): place it again.
            }
            catch (PoolStoppedException) when (attempt < MaxAttachAttempts)
            {
                // The pool stopped or crashed meanwhile: place it again.
            }
            catch (Exception ex) when (ex is not (OrreryException or OperationCanceledException))
            {
                throw new OrreryException(ErrorCodes.SessionStartFailed, $"The live session of game {gameId} could not be started: {ex.Message}", ex);
            }
            if (attempt >= MaxAttachAttempts)
            {
                throw new OrreryException(ErrorCodes.SessionStartFailed, $"The live session of game {gameId} kept stopping while connecting; try again.");
            }
        }
    }

    /// <summary>Who follows the game live here; <see cref="LivePresence.None"/> without a running session.</summary>
    public LivePresence Presence(Guid gameId)
    {
        return _registry.TryGetValue(gameId, out var placement) && placement.Started.IsCompletedSuccessfully
            ? placement.Started.Result.Presence
            : LivePresence.None(gameId);
    }

    public IReadOnlyList<SessionPoolInfo> Pools()
    {
        lock (_gate)
        {
            return [.. _pools.Select(p => p.Info)];
        }
    }

    /// <summary>Fault injection: the pool fails as if its loop threw; returns once it was restarted from its persisted state.</summary>
    /// <exception cref="OrreryException"><c>forbidden</c> unless <see cref="LiveOptions.FaultInjection"/>; <c>not_found</c> for an unknown pool.</exception>
    public async Task CrashPoolAsync(string poolId, CancellationToken ct)
    {
        if (!_context.Options.FaultInjection)
        {
            throw new OrreryException(ErrorCodes.Forbidden, $"Crashing a pool needs {LiveOptions.Section}:{nameof(LiveOptions.FaultInjection)}=true.");
        }
        SessionPool pool;
        lock (_gate)
        {
            pool = _pools.FirstOrDefault(p => p.PoolId == poolId) ?? throw OrreryException.NotFound($"No session pool {poolId} runs on this node.");
        }
        pool.Crash();
        await pool.Completion.WaitAsync(ct);
        await pool.Recovery.WaitAsync(ct);
    }

    /// <summary>The periodic work of every pool at <paramref name="now"/> (backup, cleanup, idle GC).</summary>
    /// <remarks>Returns once pools emptied by it (or before it) have also deleted their state.</remarks>
    public async Task TickAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var pool in Snapshot(() => _pools.ToList()))
        {
            await IgnoreStopped(pool.TickAsync(now)).WaitAsync(ct);
        }
        await Task.WhenAll(Snapshot(() => _retiring.Select(p => p.Completion).ToList())).WaitAsync(ct);
    }

    /// <summary>Stops every session (connections closed with 1001: reconnect to any replica) and every pool, deleting their state.</summary>
    /// <remarks>A node stopping on purpose is no crash: nothing is left to restart from.</remarks>
    public async Task StopAsync(CancellationToken ct)
    {
        List<SessionPool> pools;
        List<Task> retiring;
        lock (_gate)
        {
            _stopped = true;
            pools = [.. _pools];
            retiring = [.. _retiring.Select(p => p.Completion)];
            _pools.Clear();
            _registry.Clear();
        }
        await Task.WhenAll(pools.Select(p => IgnoreStopped(p.StopAsync(LiveCloseCode.NodeStopping, "The node is shutting down."))).Concat(retiring)).WaitAsync(ct);
        // Also the rows of pools that crashed and could not be restarted: nothing of this process is left behind.
        try
        {
            foreach (var left in await _context.Store.ListPoolsAsync(NodeId, ct))
            {
                await _context.Store.DeletePoolAsync(NodeId, left.PoolId, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StateNotDeleted(_logger, ex);
        }
    }

    public Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the sessions of the shards' games, closing their connections with 1012: they reconnect and are served by the new owner.</summary>
    public async Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken)
    {
        List<Placement> moving;
        lock (_gate)
        {
            // The fences go only once every participant is done: until then no new session may start here.
            _releasing.Add(shards);
            moving = [.. _registry.Values.Where(p => shards.Holds(p.GameId))];
        }
        try
        {
            await Task.WhenAll(moving.Select(p => IgnoreStopped(p.Pool.StopSessionAsync(p.GameId, LiveCloseCode.SessionMoved, "The game moved to another replica."))))
                .WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _releasing.Remove(shards);
            }
        }
    }

    void IPoolSupervisor.SessionStopped(SessionPool pool, Guid gameId) => Unregister(gameId, pool);

    void IPoolSupervisor.Crashed(SessionPool pool, Exception error)
    {
        lock (_gate)
        {
            _pools.Remove(pool);
            foreach (var gameId in _registry.Where(r => r.Value.Pool == pool).Select(r => r.Key).ToList())
            {
                _registry.TryRemove(gameId, out _);
            }
        }
        _context.Metrics.PoolRestarts.Add(1);
        pool.Recovery = Task.Run(() => RestartAsync(pool));
    }

    private T Snapshot<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Route(GameChange change)
    {
        // No lock: a change of a game with no session (most writes) costs one lookup.
        if (_registry.TryGetValue(change.GameId, out var placement))
        {
            placement.Pool.Notify(change);
        }
    }

    private static async Task IgnoreStopped(Task stop)
    {
        try
        {
            await stop;
        }
        catch (PoolStoppedException)
        {
            // already gone
        }
    }
}
