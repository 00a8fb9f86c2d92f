using Orrery.EngineHosts;
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
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    EngineLauncher launcher,
    EngineStopper stopper,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Restart;

    public RuntimeStatus ProjectedStatus => RuntimeStatus.Running;

    public bool RecordsRefusals => false;

    public bool SafeToRunAgain => false;

    /// <summary>A game in play (<see cref="Relaunch"/>), on its registered version, deprecated or not.</summary>
    public async ValueTask<EngineVersion?> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var running = Relaunch.EnsureAllowed(request.Game.Id, request.Status, request.Record?.EngineVersion, "restart");
        return await versions.ResolveRegisteredAsync(running, cancellationToken);
    }

    public async Task<OperationOutcome> RunAsync(Operation operation, Admitted admitted, CancellationToken cancellationToken)
    {
        var game = admitted.Game;
        // The new engine takes the room of the one it replaces, on its host while that has room: counted against other
        // starts, refused only when no reachable host can take it.
        await using var slot = await capacity.ClaimReplacementAsync(game.Id, admitted.Current?.EngineId, cancellationToken);
        await stopper.TakeDownAsync(game.Id, leaveClock: false, cancellationToken);

        var players = await playerMappings.ListAsync(game.Id, cancellationToken);
        if (players.Count == 0)
        {
            players = PlayerMapping.AssignNew(game);
            await playerMappings.ReplaceAsync(game.Id, players, cancellationToken);
        }

        var engine = await launcher.LaunchAsync(game, admitted.RequiredVersion, slot.Host, cancellationToken);
        return await launcher.InitialiseAsync(game, admitted.RequiredVersion, engine, players, cancellationToken);
    }
}
