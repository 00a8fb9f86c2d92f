using Orrery.Errors;

namespace Orrery.Cluster;

/// <summary>
/// A write on behalf of a game was refused because this node does not own the game's shard: it never did, another
/// node took the shard over (a newer epoch), or this node is no longer an active member of the cluster.
/// </summary>
public sealed class OwnershipLostException(int shard, string message) : Exception(message)
{
    public int Shard { get; } = shard;

    /// <summary>The error code an API caller sees: the request may be retried, and will reach the new owner.</summary>
    public const string Code = ErrorCodes.NotOwner;
}
