using Orrery.EngineHosts;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Restart (SPEC §4): stop and start again on the version the game runs, as one operation. The engine picks
/// the game up from its state directory (its init is idempotent for the same game), and players keep their
/// engine player ids.
/// </summary>
public sealed class RestartHandler(
    GameRegistry games,
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    RuntimeRecords records,
    EngineLauncher launcher,
    EngineStopper stopper,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Restart;

    public async Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var gameId = operation.GameId;
        var game = await games.GetAsync(gameId, cancellationToken);
        var current = await records.GetFreshAsync(gameId, cancellationToken);
        Relaunch.EnsureAllowed(gameId, current, "restart");
        var version = await versions.ResolveRegisteredAsync(current.EngineVersion!, cancellationToken);

        // The new engine takes the room of the one it replaces, on its host while that has room: counted against other
        // starts, refused only when no reachable host can take it.
        await using var slot = await capacity.ClaimReplacementAsync(gameId, current.EngineId, cancellationToken);
        await stopper.TakeDownAsync(gameId, leaveClock: false, cancellationToken);

        var players = await playerMappings.ListAsync(gameId, cancellationToken);
        if (players.Count == 0)
        {
            players = PlayerMapping.AssignNew(game);
            await playerMappings.ReplaceAsync(gameId, players, cancellationToken);
        }

        var engine = await launcher.LaunchAsync(game, version, slot.Host, cancellationToken);
        return await launcher.InitialiseAsync(game, version, engine, players, cancellationToken);
    }
}
