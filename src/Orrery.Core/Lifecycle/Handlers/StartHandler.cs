using Orrery.EngineHosts;
using Orrery.Errors;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Start (SPEC §4): validate, give every member a new engine player id, run the engine on the target version
/// and initialise the game with its races. Idempotent against the engine host: an engine the game already has
/// is adopted or reused, never doubled, so a start re-run after a crash picks up where it stopped.
/// </summary>
public sealed class StartHandler(
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    EngineLauncher launcher,
    EngineAdoption adoption,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Start;

    public RuntimeStatus ProjectedStatus => RuntimeStatus.Starting;

    /// <summary>The lobby waits for a start to end: a refused one ends it too, as seed 001's notice did (SPEC §4).</summary>
    public bool RecordsRefusals => true;

    public bool SafeToRunAgain => true;

    /// <summary>
    /// From a status the table lets launch, with members, on a runnable version. A worker finding the game starting or
    /// running (this start interrupted part way, or the engine adopted since) finishes it on the version the game is on,
    /// deprecated since or not: deprecation stops new starts, it does not strand one under way.
    /// </summary>
    public async ValueTask<EngineVersion?> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var game = request.Game;
        var underWay = request.Point == AdmissionPoint.Worker && request.Status is RuntimeStatus.Starting or RuntimeStatus.Running;
        if (!underWay && !RuntimeTransitions.CanLaunch(request.Status))
        {
            throw OrreryException.InvalidTransition(
                $"Game {game.Id} is {WireNames<RuntimeStatus>.Name(request.Status!.Value)}; stop it before starting it again.");
        }
        if (game.Memberships.Count == 0)
        {
            throw OrreryException.InvalidInput($"Game {game.Id} has no memberships.");
        }
        return underWay
            ? await versions.ResolveRegisteredAsync(game.TargetEngineVersion, cancellationToken)
            : await versions.ResolveRunnableAsync(game.TargetEngineVersion, cancellationToken);
    }

    public async Task<OperationOutcome> RunAsync(Operation operation, Admitted admitted, CancellationToken cancellationToken)
    {
        var (game, current, _) = admitted;
        var version = admitted.RequiredVersion;
        var existing = await adoption.FindAsync(game, version, current?.EngineId, cancellationToken);
        if (existing is { State: { } state, Players: { } adoptedPlayers })
        {
            await playerMappings.ReplaceAsync(game.Id, adoptedPlayers, cancellationToken);
            return await launcher.AdoptAsync(game, version, existing.Engine, state, cancellationToken);
        }

        // Only a new engine takes room on the host, and a full host refuses the start before anything changes.
        await using var slot = existing is null ? await capacity.ClaimAsync(game.Id, cancellationToken) : null;
        var players = PlayerMapping.AssignNew(game);
        await playerMappings.ReplaceAsync(game.Id, players, cancellationToken);

        var engine = existing?.Engine;
        if (engine is null)
        {
            engine = await launcher.LaunchAsync(game, version, slot?.Host, cancellationToken);
        }
        else
        {
            await launcher.TakeOverAsync(game, version, engine, cancellationToken);
        }
        return await launcher.InitialiseAsync(game, version, engine, players, cancellationToken);
    }
}
