using Orleans.Concurrency;
using Orrery.Errors;
using Orrery.Health;
using Orrery.Lifecycle;
using Orrery.Observability;
using Orrery.Operations;
using Orrery.Sessions;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

/// <summary>
/// The activation of one shard on the replica that owns it. Reentrant: calls for different games of the shard run
/// concurrently, each in the node-local services, which serialise what must be (a game's operations, its turns).
/// </summary>
[Reentrant]
[ShardPlacement]
internal sealed partial class GameShardGrain(
    ShardOwnership ownership,
    LocalShardOwner localOwner,
    OwnerWork work,
    HealthEventConsumer health,
    LiveRelays relays,
    LiveSessions sessions,
    SpecInstances specs,
    GameShards gameShards,
    ILogger<GameShardGrain> logger) : Grain, IGameShardGrain
{
    private int Shard => (int)this.GetPrimaryKeyLong();

    private long _epoch;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _epoch = await ownership.AcquireAsync(Shard, localOwner.Owner, cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Log.Deactivating(logger, Shard, _epoch, reason.ReasonCode.ToString(), reason.Description);
        await ownership.ReleaseAsync(Shard, cancellationToken);
    }

    public Task<ShardActivation> KeepActiveAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ShardActivation(Shard, localOwner.Owner.ToString(), _epoch));

    public Task MoveHomeAsync(long epoch, CancellationToken cancellationToken)
    {
        if (epoch == _epoch)
        {
            // Deactivating alone would not move it: the callers' cached location would activate it here again.
            this.MigrateOnIdle();
        }
        return Task.CompletedTask;
    }

    public Task EndAsync(long epoch, CancellationToken cancellationToken)
    {
        if (epoch == _epoch)
        {
            this.DeactivateOnIdle();
        }
        return Task.CompletedTask;
    }

    public Task<OwnerReply<Operation>> RequestAsync(GameCommand command, CancellationToken cancellationToken) =>
        ReplyAsync(() => work.RequestAsync(command, cancellationToken));

    public Task<OwnerReply<bool>> ApplyHealthEventsAsync(Guid gameId, List<HealthEventEntry> events, CancellationToken cancellationToken) =>
        ReplyAsync(async () =>
        {
            await health.ApplyForwardedAsync(gameId, events, cancellationToken);
            return true;
        });

    public Task<OwnerReply<bool>> DeleteGameAsync(Guid gameId, OperationSource source, CancellationToken cancellationToken) =>
        ReplyAsync(async () =>
        {
            await work.DeleteAsync(gameId, source, cancellationToken);
            return true;
        });

    public Task<OwnerReply<string>> JoinLiveAsync(Guid gameId, LiveJoin join, CancellationToken cancellationToken) =>
        ReplyAsync(() => relays.JoinAsync(gameId, join, cancellationToken));

    public Task<bool> IsLiveRelayAliveAsync(Guid relayId) => Task.FromResult(relays.IsAlive(relayId));

    public Task LeaveLiveAsync(Guid relayId) => relays.LeaveAsync(relayId);

    public Task<OwnerReply<LivePresenceResponse>> LivePresenceAsync(Guid gameId, CancellationToken cancellationToken) =>
        ReplyAsync(() => Task.FromResult(LivePresenceResponse.From(sessions.Presence(gameId))));

    public Task<OwnerReply<SpecCallResult>> SpecCallAsync(int specShard, SpecCall call, CancellationToken cancellationToken) =>
        ReplyAsync(() => specs.RunHereAsync(RunsHere(specShard), call, cancellationToken));

    public Task<OwnerReply<int>> PostSpecCallsAsync(int specShard, List<SpecCall> calls, CancellationToken cancellationToken) =>
        ReplyAsync(() => Task.FromResult(specs.PostHere(RunsHere(specShard), calls)));

    private int RunsHere(int specShard) =>
        SpecShardOwnership.GameShardOf(specShard, gameShards) == Shard
            ? specShard
            : throw new ArgumentOutOfRangeException(nameof(specShard), specShard, $"Spec shard {specShard} does not run with game shard {Shard}.");

    private static async Task<OwnerReply<T>> ReplyAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return new OwnerReply<T>(await call());
        }
        catch (OrreryException ex)
        {
            return OwnerReply<T>.Failed(ex);
        }
        catch (OwnershipLostException ex)
        {
            return OwnerReply<T>.NotOwner(ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.GameShardGrain.Deactivating, LogLevel.Information, "Shard {Shard} (epoch {Epoch}) deactivating: {Reason} {Description}")]
        public static partial void Deactivating(ILogger logger, int shard, long epoch, string reason, string? description);
    }
}
