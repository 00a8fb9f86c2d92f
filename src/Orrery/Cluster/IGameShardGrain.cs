using Orrery.Health;
using Orrery.Operations;
using Orrery.Sessions;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

/// <summary>
/// One virtual shard of games (keyed by shard number). Its single activation marks the replica that owns the shard's
/// games: activating takes the shard's next owner epoch and hands its games to that replica's node-local services
/// (operation workers, turn scheduler, health monitor); deactivating takes them back. Calls on behalf of one game go
/// through its shard's grain, so they run on the owner whichever replica they reached.
/// </summary>
public interface IGameShardGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the shard if no replica holds it (the keeper's call) and says where it is.</summary>
    Task<ShardActivation> KeepActiveAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves the activation of <paramref name="epoch"/> to the replica the shard belongs on (Orleans' grain migration through <see cref="ShardPlacementDirector"/>).</summary>
    Task MoveHomeAsync(long epoch, CancellationToken cancellationToken = default);

    /// <summary>Ends the activation of <paramref name="epoch"/> (its fence was refused): the keeper's next call places the shard afresh.</summary>
    Task EndAsync(long epoch, CancellationToken cancellationToken = default);

    /// <summary>Accepts a queued (start, stop, restart, patch) or immediate (pause, resume, force-next-turn) operation on the owner.</summary>
    Task<OwnerReply<Operation>> RequestAsync(GameCommand command, CancellationToken cancellationToken = default);

    /// <summary>Applies health events about one game, read from the consumer group by another replica, on the owner.</summary>
    Task<OwnerReply<bool>> ApplyHealthEventsAsync(Guid gameId, List<HealthEventEntry> events, CancellationToken cancellationToken = default);

    /// <summary>Stops the game if needed and deletes it, on the owner.</summary>
    Task<OwnerReply<bool>> DeleteGameAsync(Guid gameId, OperationSource source, CancellationToken cancellationToken = default);

    /// <summary>Serves a client connected to another replica from the game's live session here (SPEC §8): answers the session id.</summary>
    Task<OwnerReply<string>> JoinLiveAsync(Guid gameId, LiveJoin join, CancellationToken cancellationToken = default);

    /// <summary>Whether the relay still stands here; false once the session closed it or the shard moved away.</summary>
    Task<bool> IsLiveRelayAliveAsync(Guid relayId);

    /// <summary>The relayed client left.</summary>
    Task LeaveLiveAsync(Guid relayId);

    /// <summary>Who follows the game live, from its session on the owner.</summary>
    Task<OwnerReply<LivePresenceResponse>> LivePresenceAsync(Guid gameId, CancellationToken cancellationToken = default);

    /// <summary>Runs a spec instance call on spec shard <paramref name="specShard"/>, which runs with this game shard (SPEC §9).</summary>
    Task<OwnerReply<SpecCallResult>> SpecCallAsync(int specShard, SpecCall call, CancellationToken cancellationToken = default);

    /// <summary>Queues posted spec instance calls, in order, on spec shard <paramref name="specShard"/>; answers how many it took.</summary>
    Task<OwnerReply<int>> PostSpecCallsAsync(int specShard, List<SpecCall> calls, CancellationToken cancellationToken = default);
}
