using Orrery.EngineHosts;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Patch (SPEC §4): replace the engine with another version of the same MAJOR.MINOR. No init: the new engine
/// resumes the game from its state directory, and the player mappings stay as they are.
/// </summary>
public sealed class PatchHandler(
    EngineVersionCatalog versions,
    EngineLauncher launcher,
    EngineStopper stopper,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Patch;

    public RuntimeStatus ProjectedStatus => RuntimeStatus.Running;

    public bool RecordsRefusals => false;

    public bool SafeToRunAgain => false;

    /// <summary>A game in play (<see cref="Relaunch"/>), to a runnable version of the MAJOR.MINOR it runs.</summary>
    public async ValueTask<EngineVersion?> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrWhiteSpace(request.TargetVersion)
            ? throw OrreryException.InvalidInput("A patch needs a target version.")
            : request.TargetVersion;
        var running = Relaunch.EnsureAllowed(request.Game.Id, request.Status, request.Record?.EngineVersion, "patch");
        PatchPolicy.EnsureAllowed(running, target);
        return await versions.ResolveRunnableAsync(target, cancellationToken);
    }

    public async Task<OperationOutcome> RunAsync(Operation operation, Admitted admitted, CancellationToken cancellationToken)
    {
        var game = admitted.Game;
        // The new engine takes the room of the one it replaces, on its host while that has room: counted against other
        // starts, refused only when no reachable host can take it.
        await using var slot = await capacity.ClaimReplacementAsync(game.Id, admitted.Current?.EngineId, cancellationToken);
        await stopper.TakeDownAsync(game.Id, leaveClock: false, cancellationToken);
        var engine = await launcher.LaunchAsync(game, admitted.RequiredVersion, slot.Host, cancellationToken);
        return await launcher.ResumeAsync(game, admitted.RequiredVersion, engine, cancellationToken);
    }
}
