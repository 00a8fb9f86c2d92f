using Orrery.Errors;

namespace Orrery.Sessions;

public sealed partial class LiveSessions
{
    /// <summary>A game's registry entry: the pool its session runs in and the session's start, shared by every caller.</summary>
    private sealed class Placement(Guid gameId, SessionPool pool)
    {
        private readonly TaskCompletionSource<LiveSession> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Guid GameId => gameId;

        public SessionPool Pool => pool;

        public Task<LiveSession> Started => _started.Task;

        public async Task RunAsync(Task<LiveSession> start)
        {
            try
            {
                _started.TrySetResult(await start);
            }
            catch (Exception ex)
            {
                _started.TrySetException(ex);
            }
        }
    }

    /// <summary>The game's registry entry; a new one in the first pool with room (a new pool when all are full) if it has none.</summary>
    private Placement Place(Guid gameId)
    {
        Placement placement;
        lock (_gate)
        {
            if (_stopped)
            {
                throw new OrreryException(ErrorCodes.ShuttingDown, "The node is shutting down; connect to another replica.");
            }
            if (_registry.TryGetValue(gameId, out var existing))
            {
                return existing; // already_started, or starting: never a second session
            }
            if (_releasing.Any(s => s.Holds(gameId)))
            {
                throw new OrreryException(ErrorCodes.NotOwner, $"This node is giving game {gameId} up; its live session runs on the next owner.");
            }
            var pool = _pools.FirstOrDefault(p => p.Assigned < _context.Options.PoolCapacity) ?? NewPool(NextPoolId(), restarts: 0, reserved: []);
            placement = Register(gameId, pool);
        }
        _ = placement.RunAsync(StartAsync(placement));
        return placement;
    }

    /// <summary>Under the lock: records the game in the registry and counts it in its pool.</summary>
    private Placement Register(Guid gameId, SessionPool pool)
    {
        var placement = new Placement(gameId, pool);
        _registry[gameId] = placement;
        pool.Assigned++;
        return placement;
    }

    /// <summary>The start's first step is the registry entry <see cref="Place"/> made; the pool adds and undoes the rest.</summary>
    private Task<LiveSession> StartAsync(Placement placement)
    {
        var steps = new SessionStartSteps();
        steps.Done(SessionStartSteps.Registry, () =>
        {
            Unregister(placement.GameId, placement.Pool);
            return Task.CompletedTask;
        });
        return placement.Pool.StartSessionAsync(placement.GameId, steps);
    }

    /// <summary>Removes the game's entry if it is in <paramref name="pool"/>; a pool left with no game stops and deletes its state.</summary>
    private void Unregister(Guid gameId, SessionPool pool)
    {
        lock (_gate)
        {
            if (!_registry.TryGetValue(gameId, out var placement) || placement.Pool != pool)
            {
                return;
            }
            _registry.TryRemove(gameId, out _);
            if (--pool.Assigned == 0 && _pools.Remove(pool))
            {
                _retiring.Add(pool);
                pool.RequestStop(LiveCloseCode.Ended, "The pool has no session left.");
                _ = pool.Completion.ContinueWith(_ => Retired(pool), TaskScheduler.Default);
            }
        }
    }

    private void Retired(SessionPool pool)
    {
        lock (_gate)
        {
            _retiring.Remove(pool);
        }
    }

    /// <summary>Under the lock: a new pool, running, listed.</summary>
    private SessionPool NewPool(string poolId, int restarts, IReadOnlyCollection<Guid> reserved)
    {
        var pool = new SessionPool(poolId, restarts, reserved, _context, this);
        _pools.Add(pool);
        return pool;
    }

    private string NextPoolId() => $"pool-{++_poolNumber}";

    /// <summary>Starts a crashed pool again under its id, with the sessions of the games its persisted state lists (new incarnations).</summary>
    private async Task RestartAsync(SessionPool crashed)
    {
        SessionPoolState? state;
        try
        {
            state = await _context.Store.GetPoolAsync(NodeId, crashed.PoolId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Its clients were closed with 1012: reconnecting starts their sessions afresh.
            Log.RestartFailed(_logger, crashed.PoolId, ex);
            return;
        }
        var placements = new List<Placement>();
        lock (_gate)
        {
            if (_stopped || state is null)
            {
                return;
            }
            // Games someone connected to meanwhile run elsewhere already; games of shards given up meanwhile stay stopped.
            var games = state.Games.Where(g => !_registry.ContainsKey(g) && (_ownership is null || _ownership.Owns(g))).ToList();
            if (games.Count == 0)
            {
                _ = DeleteOrphanStateAsync(crashed.PoolId);
                return;
            }
            // All reserved at once, so no attach fills the pool before its own games are back.
            var pool = NewPool(crashed.PoolId, crashed.Restarts + 1, games);
            placements.AddRange(games.Select(g => Register(g, pool)));
        }
        Log.Restarting(_logger, crashed.PoolId, placements.Count);
        await Task.WhenAll(placements.Select(p => p.RunAsync(StartAsync(p))));
    }

    private async Task DeleteOrphanStateAsync(string poolId)
    {
        try
        {
            await _context.Store.DeletePoolAsync(NodeId, poolId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.RestartFailed(_logger, poolId, ex);
        }
    }
}
