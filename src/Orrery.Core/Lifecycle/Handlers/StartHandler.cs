using Orrery.EngineHosts;
using Orrery.Errors;
using Orrery.Games;
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
    GameRegistry games,
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    RuntimeRecords records,
    EngineLauncher launcher,
    EngineAdoption adoption,
    EngineCapacity capacity) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Start;

    public async Task<OperationOutcome> RunAsync(Operation operation, CancellationToken cancellationToken)
    {
        var gameId = operation.GameId;
        var game = await games.GetAsync(gameId, cancellationToken);
        if (game.Memberships.Count == 0)
        {
            throw OrreryException.InvalidInput($"Game {gameId} has no memberships.");
        }
        var version = await versions.ResolveRunnableAsync(game.TargetEngineVersion, cancellationToken);

        // Starting or running: this start was interrupted part way, or the reconciler adopted the engine since.
        var current = await records.GetFreshAsync(gameId, cancellationToken);
        if (current?.Status is not (RuntimeStatus.Starting or RuntimeStatus.Running) && !RuntimeTransitions.CanLaunch(current?.Status))
        {
            throw OrreryException.InvalidTransition(
                $"Game {gameId} is {WireNames<RuntimeStatus>.Name(current!.Status)}; stop it before starting it again.");
        }

        var existing = await adoption.FindAsync(game, version, current?.EngineId, cancellationToken);
        if (existing is { State: { } state, Players: { } adoptedPlayers })
        {
            await playerMappings.ReplaceAsync(gameId, adoptedPlayers, cancellationToken);
            return await launcher.AdoptAsync(game, version, existing.Engine, state, cancellationToken);
        }

        // Only a new engine takes room on the host, and a full host refuses the start before anything changes.
        await using var slot = existing is null ? await capacity.ClaimAsync(gameId, cancellationToken) : null;
        var players = PlayerMapping.AssignNew(game);
        await playerMappings.ReplaceAsync(gameId, players, cancellationToken);

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
