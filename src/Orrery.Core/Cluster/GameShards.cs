using System.Buffers.Binary;

namespace Orrery.Cluster;

/// <summary>
/// Spreads games over a fixed number of virtual shards by a stable hash of the game id (the same in every process
/// and every release), so every replica agrees on which shard, and so which owner, a game belongs to.
/// </summary>
public sealed class GameShards
{
    /// <summary>The default number of shards: enough to spread over a handful of replicas, few enough for the keeper to visit every few seconds.</summary>
    public const int DefaultCount = 64;

    public GameShards(int count) =>
        Count = count is > 0 and <= 4096 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "A cluster has 1 to 4096 shards.");

    public int Count { get; }

    /// <summary>Every shard number, 0 to <see cref="Count"/> - 1.</summary>
    public IEnumerable<int> All => Enumerable.Range(0, Count);

    /// <summary>The shard of <paramref name="gameId"/>: the id's two halves folded together, modulo the shard count.</summary>
    public int ShardOf(Guid gameId)
    {
        Span<byte> bytes = stackalloc byte[16];
        gameId.TryWriteBytes(bytes);
        var folded = BinaryPrimitives.ReadUInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        return (int)(folded % (ulong)Count);
    }
}
