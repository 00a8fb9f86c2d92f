namespace Orrery.Cluster;

/// <summary>
/// A node-local service that holds work on behalf of games (queued operations, turn schedules, cached records,
/// watched engines): told when this node takes shards and when it gives them up, so it holds only owned games' work.
/// </summary>
/// <remarks>Participants are called in registration order, on acquisition and on release alike.</remarks>
public interface IShardParticipant
{
    /// <summary>Takes up the games of <paramref name="shards"/>: the node now owns them and holds their fences.</summary>
    Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken);

    /// <summary>Lets go of the games of <paramref name="shards"/>, letting their work in flight finish: the fences go once every participant is done.</summary>
    Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken);
}
