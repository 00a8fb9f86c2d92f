namespace Orrery.Cluster;

/// <summary>Whether this node owns a game now: periodic work that covers many games (probes, reconcile passes) keeps to its own.</summary>
public interface IGameOwnership
{
    bool Owns(Guid gameId);

    /// <summary>True on the one node that deals with what belongs to no game (engines without a game id): the owner of shard 0.</summary>
    bool OwnsUnclaimed { get; }
}
