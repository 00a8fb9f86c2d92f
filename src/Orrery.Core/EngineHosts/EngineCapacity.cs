using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Errors;

namespace Orrery.EngineHosts;

/// <summary>
/// Keeps the engine host within its capacity (SPEC §10). A start that needs a new engine claims room first and is
/// refused with <c>engine_host_full</c>, before anything changes, when the host's running engines and the launches in
/// flight fill it. Restart and patch give back the engine they replace, so their claim counts but is never refused;
/// an engine a game already has (adopted, reused) needs no claim at all.
/// </summary>
public sealed partial class EngineCapacity(IEngineHost host, IOptions<EngineCapacityOptions> options, ILogger<EngineCapacity> logger)
{
    // Claims are checked, taken and given back under one lock. A launch given back while another claim lists the host
    // could otherwise be in neither: its engine missing from a listing begun before it ran, its claim already gone.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _launching = [];

    /// <summary>Room for a new engine of <paramref name="gameId"/>, held until the slot is disposed (after the launch).</summary>
    /// <exception cref="OrreryException"><c>engine_host_full</c> when the host has no room.</exception>
    public Task<EngineSlot> ClaimAsync(Guid gameId, CancellationToken cancellationToken) =>
        TakeAsync(gameId, refuseWhenFull: true, cancellationToken);

    /// <summary>Counts the engine that replaces the game's own (restart, patch) until it runs; never refused.</summary>
    public Task<EngineSlot> ClaimReplacementAsync(Guid gameId, CancellationToken cancellationToken) =>
        TakeAsync(gameId, refuseWhenFull: false, cancellationToken);

    private async Task<EngineSlot> TakeAsync(Guid gameId, bool refuseWhenFull, CancellationToken cancellationToken)
    {
        if (options.Value.Limit is not { } capacity)
        {
            return EngineSlot.Unlimited;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (refuseWhenFull)
            {
                await EnsureRoomAsync(gameId, capacity, cancellationToken);
            }
            _launching.Add(gameId);
        }
        finally
        {
            _gate.Release();
        }
        return new EngineSlot(this, gameId);
    }

    private async Task EnsureRoomAsync(Guid gameId, int capacity, CancellationToken cancellationToken)
    {
        var inUse = InUse(await host.ListRunningGamesAsync(cancellationToken), except: gameId);
        if (inUse >= capacity)
        {
            Log.Refused(logger, gameId, host.Info.Kind, inUse, capacity);
            throw new OrreryException(ErrorCodes.EngineHostFull,
                $"The {host.Info.Kind} engine host is full: {inUse} of {capacity} engines run or are starting. "
                + "Stop a game, or raise Orrery:EngineCapacity if the host has room.");
        }
    }

    /// <summary>
    /// The games with a running engine but <paramref name="except"/>, plus the launches in flight whose engine is not
    /// running yet: the room a launch for <paramref name="except"/> would find taken. Only running engines count: an
    /// exited one holds no memory or CPU.
    /// </summary>
    private int InUse(IReadOnlyCollection<Guid> running, Guid except)
    {
        var runningGames = running.ToHashSet();
        return runningGames.Count(g => g != except) + _launching.Count(g => g != except && !runningGames.Contains(g));
    }

    internal async ValueTask ReleaseAsync(Guid gameId)
    {
        // Even while shutting down: a claim left behind would hold room for good.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _launching.Remove(gameId);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Warning,
            "Game {GameId}: start refused, the {HostKind} engine host is full ({InUse} of {Capacity} engines run or are starting)")]
        public static partial void Refused(ILogger logger, Guid gameId, string hostKind, int inUse, int capacity);
    }
}

/// <summary>Room claimed for one game's launch; disposing it gives the claim back (the engine, if it runs, is listed by then).</summary>
public sealed class EngineSlot : IAsyncDisposable
{
    /// <summary>The slot of a host without a capacity: nothing to give back.</summary>
    internal static readonly EngineSlot Unlimited = new(null, Guid.Empty);

    private readonly EngineCapacity? _owner;
    private readonly Guid _gameId;
    private int _released;

    internal EngineSlot(EngineCapacity? owner, Guid gameId)
    {
        _owner = owner;
        _gameId = gameId;
    }

    public ValueTask DisposeAsync() =>
        _owner is not null && Interlocked.Exchange(ref _released, 1) == 0 ? _owner.ReleaseAsync(_gameId) : ValueTask.CompletedTask;
}
