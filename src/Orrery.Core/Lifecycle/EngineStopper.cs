using Microsoft.Extensions.Options;
using Orrery.Engines;
using Orrery.Errors;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Lifecycle;

/// <summary>
/// Takes a game's engine down (SPEC §4 stop): stop it with a grace period, remove it, mark the
/// runtime <c>stopped</c> and drop the player mappings.
/// </summary>
public sealed class EngineStopper(
    IEngineHost host,
    IPlayerMappingStore playerMappings,
    RuntimeRecords records,
    TimeProvider time,
    IOptions<LifecycleOptions> options)
{
    public async Task<OperationOutcome> StopAsync(Guid gameId, CancellationToken cancellationToken)
    {
        var current = await records.GetFreshAsync(gameId, cancellationToken)
            ?? throw OrreryException.InvalidTransition($"Game {gameId} has never been started.");
        if (!RuntimeTransitions.IsAllowed(current.Status, RuntimeStatus.Stopped))
        {
            throw OrreryException.InvalidTransition($"Game {gameId} is already {WireNames<RuntimeStatus>.Name(current.Status)}.");
        }

        // Every engine of the game goes, not only the recorded one: an interrupted start may have left another.
        var engineIds = (await host.ListAsync(cancellationToken))
            .Where(e => e.GameId == gameId)
            .Select(e => e.Id)
            .Append(current.EngineId)
            .OfType<string>()
            .Distinct();
        foreach (var engineId in engineIds)
        {
            await host.StopAsync(engineId, options.Value.StopGracePeriod, cancellationToken);
            await host.RemoveAsync(engineId, cancellationToken);
        }

        await records.UpdateAsync(
            gameId,
            r => r.TransitionTo(RuntimeStatus.Stopped, time.GetUtcNow()) with { EngineEndpoint = null, EngineHealth = null, NextTurnAt = null },
            cancellationToken);
        await playerMappings.DeleteAsync(gameId, cancellationToken);
        return new OperationOutcome(current.ImageRef, current.EngineId);
    }
}
