using Orrery.EngineHosts;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Operations;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Patch (SPEC §4): replace the engine with another version of the same MAJOR.MINOR. No init: the new engine
/// resumes the game from its state directory, and the player mappings stay as they are.
/// </summary>
public sealed class PatchHandler(
    GameRegistry games,
    EngineVersionCatalog versions,
    RuntimeRecords records,
    EngineLauncher launcher,
    EngineStopper stopper,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Patch;

    public async Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var gameId = operation.GameId;
        var target = operation.TargetVersion ?? throw OrreryException.InvalidInput("A patch needs a target version.");
        var game = await games.GetAsync(gameId, cancellationToken);
        var current = await records.GetFreshAsync(gameId, cancellationToken);
        Relaunch.EnsureAllowed(gameId, current, "patch");
        PatchPolicy.EnsureAllowed(current.EngineVersion!, target);
        var version = await versions.ResolveRunnableAsync(target, cancellationToken);

        // The new engine takes the room of the one it replaces, on its host while that has room: counted against other
        // starts, refused only when no reachable host can take it.
        await using var slot = await capacity.ClaimReplacementAsync(gameId, current.EngineId, cancellationToken);
        await stopper.TakeDownAsync(gameId, leaveClock: false, cancellationToken);
        var engine = await launcher.LaunchAsync(game, version, slot.Host, cancellationToken);
        return await launcher.ResumeAsync(game, version, engine, cancellationToken);
    }
}
