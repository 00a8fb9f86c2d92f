namespace Orrery.Cluster;

/// <summary>A set of shards and the membership test for games that participants need.</summary>
public sealed class ShardSet(GameShards shards, IEnumerable<int> members)
{
    private readonly HashSet<int> _members = [.. members];

    public IReadOnlyCollection<int> Shards => _members;

    public bool Contains(int shard) => _members.Contains(shard);

    /// <summary>True when <paramref name="gameId"/> belongs to one of the shards.</summary>
    public bool Holds(Guid gameId) => _members.Contains(shards.ShardOf(gameId));

    public override string ToString() => string.Join(",", _members.Order());
}
