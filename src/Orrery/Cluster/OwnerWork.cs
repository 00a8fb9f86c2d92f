using Orrery.Lifecycle;
using Orrery.Operations;

namespace Orrery.Cluster;

/// <summary>
/// What the owner of a game does on its behalf when asked: the one place both ways in reach it, the shard grain (a
/// call from another replica) and <see cref="GameOwners"/> directly (the call reached the owner itself).
/// </summary>
public sealed class OwnerWork(LifecycleService lifecycle, ImmediateOperations immediate, GameRemoval removal)
{
    /// <summary>Accepts a queued (start, stop, restart, patch) or applies an immediate (pause, resume, force-next-turn) operation.</summary>
    public async Task<Operation> RequestAsync(GameCommand command, CancellationToken cancellationToken) => command.Kind switch
    {
        OperationKind.Pause or OperationKind.Resume or OperationKind.ForceNextTurn =>
            await immediate.ApplyAsync(command.GameId, command.Kind, command.Source, command.IdempotencyKey, cancellationToken),
        _ => await lifecycle.RequestAsync(command.GameId, command.Kind, command.Source, command.IdempotencyKey, command.TargetVersion, cancellationToken),
    };

    /// <summary>Stops the game if needed and deletes it.</summary>
    public Task DeleteAsync(Guid gameId, OperationSource source, CancellationToken cancellationToken) =>
        removal.DeleteAsync(gameId, source, cancellationToken);
}
