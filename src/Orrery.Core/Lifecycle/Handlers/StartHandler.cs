using Orrery.Errors;
using Orrery.Games;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>
/// Start (SPEC §4): validate, give every member a new engine player id, run the engine on the target version
/// and initialise the game with its races.
/// </summary>
public sealed class StartHandler(
    GameRegistry games,
    EngineVersionCatalog versions,
    IPlayerMappingStore playerMappings,
    RuntimeRecords records,
    EngineLauncher launcher,
    EngineStopper stopper) : IOperationHandler
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

        var current = await records.GetFreshAsync(gameId, cancellationToken);
        if (!RuntimeTransitions.CanLaunch(current?.Status))
        {
            throw OrreryException.InvalidTransition(
                $"Game {gameId} is {WireNames<RuntimeStatus>.Name(current!.Status)}; stop it before starting it again.");
        }

        // A start expects no engine; one left by an interrupted attempt goes first.
        await stopper.RemoveEnginesAsync(gameId, recordedEngineId: null, cancellationToken);

        var players = PlayerMapping.AssignNew(game);
        await playerMappings.ReplaceAsync(gameId, players, cancellationToken);

        var engine = await launcher.LaunchAsync(game, version, cancellationToken);
        return await launcher.InitialiseAsync(game, version, engine, players, cancellationToken);
    }
}
