using Orrery.Operations;
using Orrery.Sessions;

namespace Orrery.Cluster;

/// <summary>
/// The API's way to the owner of a game: every call made on behalf of one game runs on the replica that owns the game,
/// whichever replica the request reached: here at once when this replica owns it (in embedded mode, always), else
/// through the game's shard grain on the owner.
/// </summary>
public sealed class GameOwners(IGrainFactory grains, GameShards shards, IGameOwnership ownership, OwnerWork work, TimeProvider time)
{
    /// <summary>Runs a lifecycle call (queued or immediate) on the game's owner.</summary>
    /// <exception cref="OrreryException">What the owner refused, with its code.</exception>
    public Task<Operation> RequestAsync(GameCommand command, CancellationToken cancellationToken) =>
        HereOrOnOwnerAsync(command.GameId,
            () => work.RequestAsync(command, cancellationToken),
            (grain, token) => grain.RequestAsync(command, token), cancellationToken);

    /// <summary>Deletes the game on its owner.</summary>
    public Task DeleteAsync(Guid gameId, OperationSource source, CancellationToken cancellationToken) =>
        HereOrOnOwnerAsync(gameId,
            async () =>
            {
                await work.DeleteAsync(gameId, source, cancellationToken);
                return true;
            },
            (grain, token) => grain.DeleteGameAsync(gameId, source, token), cancellationToken);

    /// <summary>Who follows the game live, from its session on the owner.</summary>
    public Task<LivePresenceResponse> LivePresenceAsync(Guid gameId, CancellationToken cancellationToken) =>
        CallAsync(gameId, (grain, token) => grain.LivePresenceAsync(gameId, token), cancellationToken);

    /// <summary>
    /// Runs <paramref name="here"/> when this replica owns the game, sparing the grain call (its scheduling and
    /// messages cost a quarter of the start intake); every write it makes is fenced all the same, so a game that
    /// moves meanwhile refuses it and the call goes to the new owner.
    /// </summary>
    private async Task<T> HereOrOnOwnerAsync<T>(
        Guid gameId, Func<Task<T>> here, Func<IGameShardGrain, CancellationToken, Task<OwnerReply<T>>> onOwner, CancellationToken cancellationToken)
    {
        if (ownership.Owns(gameId))
        {
            try
            {
                return await here();
            }
            catch (OwnershipLostException)
            {
                // Moved away meanwhile: the owner's grain takes it.
            }
        }
        return await CallAsync(gameId, onOwner, cancellationToken);
    }

    private Task<T> CallAsync<T>(Guid gameId, Func<IGameShardGrain, CancellationToken, Task<OwnerReply<T>>> call, CancellationToken cancellationToken)
    {
        var grain = grains.GetGrain<IGameShardGrain>(shards.ShardOf(gameId));
        return OwnerCalls.UntilOwnerAnswersAsync(token => call(grain, token), time, cancellationToken);
    }
}
