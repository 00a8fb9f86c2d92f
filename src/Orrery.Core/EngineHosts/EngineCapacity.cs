using Microsoft.Extensions.Logging;
using Orrery.Errors;
using Orrery.Observability;

namespace Orrery.EngineHosts;

/// <summary>
/// Places new engines on the node's engine hosts and keeps each within its capacity (SPEC §10). A start that needs a
/// new engine claims room first: it goes to the reachable host with the most room (<see cref="EnginePlacement"/>), and
/// is refused with <c>engine_host_full</c>, before anything changes, when every host's running engines and launches in
/// flight fill it (or it cannot be reached). Restart and patch give back the engine they replace, so they prefer the
/// game's current host and are refused only when no reachable host can take them; an engine a game already has
/// (adopted, reused) needs no claim at all.
/// </summary>
public sealed partial class EngineCapacity(EngineHostFleet fleet, ILogger<EngineCapacity> logger)
{
    // Claims are checked, taken and given back under one lock. A launch given back while another claim lists the hosts
    // could otherwise be in neither: its engine missing from a listing begun before it ran, its claim already gone.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, string> _launching = [];

    /// <summary>Room for a new engine of <paramref name="gameId"/>, held until the slot is disposed (after the launch).</summary>
    /// <exception cref="OrreryException"><c>engine_host_full</c> when no reachable host has room.</exception>
    public Task<EngineSlot> ClaimAsync(Guid gameId, CancellationToken cancellationToken) =>
        TakeAsync(gameId, currentHost: null, replacement: false, cancellationToken);

    /// <summary>
    /// Room for the engine that replaces the game's own (restart, patch) until it runs: on the host of
    /// <paramref name="currentEngineId"/> while it has room, else where there is most.
    /// </summary>
    /// <exception cref="OrreryException"><c>engine_host_full</c> when neither the current host nor another can take it.</exception>
    public Task<EngineSlot> ClaimReplacementAsync(Guid gameId, string? currentEngineId, CancellationToken cancellationToken) =>
        TakeAsync(gameId, fleet.HostNameOf(currentEngineId), replacement: true, cancellationToken);

    private async Task<EngineSlot> TakeAsync(Guid gameId, string? currentHost, bool replacement, CancellationToken cancellationToken)
    {
        if (fleet.Members is [var only] && (only.Capacity is null || replacement))
        {
            // One host: nothing to choose, and nothing to count when it has no limit or the claim is never refused.
            return only.Capacity is null ? new EngineSlot(null, gameId, only.Name) : await HoldAsync(gameId, only.Name);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var rooms = await MeasureAsync(gameId, cancellationToken);
            var chosen = EnginePlacement.Choose(rooms, currentHost, replacement) ?? throw Refused(gameId, rooms);
            _launching[gameId] = chosen.Name;
            return new EngineSlot(this, gameId, chosen.Name);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<EngineSlot> HoldAsync(Guid gameId, string host)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _launching[gameId] = host;
        }
        finally
        {
            _gate.Release();
        }
        return new EngineSlot(this, gameId, host);
    }

    /// <summary>Every host's room for a launch of <paramref name="gameId"/>, the hosts listed at once.</summary>
    private async Task<HostRoom[]> MeasureAsync(Guid gameId, CancellationToken cancellationToken) =>
        await Task.WhenAll(fleet.Members.Select(member => MeasureAsync(member, gameId, cancellationToken)));

    private async Task<HostRoom> MeasureAsync(EngineHostMember member, Guid gameId, CancellationToken cancellationToken)
    {
        try
        {
            var running = await member.Host.ListRunningGamesAsync(cancellationToken);
            return new HostRoom(member.Name, member.Capacity, InUse(member.Name, running, except: gameId));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A host that cannot be listed takes no new engine; the others still may.
            Log.HostUnreachable(logger, member.Name, ex.Message);
            return new HostRoom(member.Name, member.Capacity, 0, ex.Message);
        }
    }

    /// <summary>
    /// The games with a running engine on <paramref name="host"/> but <paramref name="except"/>, plus the launches in
    /// flight there whose engine is not running yet: the room a launch for <paramref name="except"/> would find taken.
    /// Only running engines count: an exited one holds no memory or CPU.
    /// </summary>
    private int InUse(string host, IReadOnlyCollection<Guid> running, Guid except)
    {
        var runningGames = running.ToHashSet();
        return runningGames.Count(g => g != except)
            + _launching.Count(l => l.Value == host && l.Key != except && !runningGames.Contains(l.Key));
    }

    private OrreryException Refused(Guid gameId, IReadOnlyList<HostRoom> rooms)
    {
        var why = string.Join("; ", rooms.Select(r => r.Describe()));
        Log.Refused(logger, gameId, why);
        var what = rooms.Count == 1 ? $"The {rooms[0].Name} engine host is full" : "No engine host has room";
        return new OrreryException(ErrorCodes.EngineHostFull,
            $"{what}: {why}. Stop a game, or raise Orrery:EngineCapacity (or the host's Capacity in Orrery:Docker:Hosts) if a host has room.");
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
        [LoggerMessage(LogEventIds.EngineCapacity.Refused, LogLevel.Warning, "Game {GameId}: start refused, no engine host has room ({Hosts})")]
        public static partial void Refused(ILogger logger, Guid gameId, string hosts);

        [LoggerMessage(LogEventIds.EngineCapacity.HostUnreachable, LogLevel.Warning, "Engine host {Host} could not be listed for a placement; it takes no new engine: {Reason}")]
        public static partial void HostUnreachable(ILogger logger, string host, string reason);
    }
}
