namespace Orrery.Cluster;

/// <summary>
/// A cluster member as the shard table records it: its silo address (Orleans' address, port and generation) and the
/// cluster it belongs to. PostgreSQL stores check it against Orleans' membership table, so only an Active member's
/// fences hold.
/// </summary>
public sealed record ShardOwner(string ClusterId, string Address, int Port, int Generation)
{
    /// <summary>A process that owns shards without a silo (test rigs, benchmarks): no membership row stands for it.</summary>
    public static ShardOwner Standalone { get; } = new("standalone", "127.0.0.1", 0, 0);

    public override string ToString() => $"{Address}:{Port}@{Generation}";
}
