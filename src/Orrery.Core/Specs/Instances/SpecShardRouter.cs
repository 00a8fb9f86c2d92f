using System.IO.Hashing;
using System.Text;

namespace Orrery.Specs.Instances;

/// <summary>
/// Routes an instance id to its shard by a stable hash (XxHash32 of the id's UTF-8 bytes): the same in every process
/// and release, so a restarted node, or another replica, finds an instance on the shard that stored it.
/// </summary>
public static class SpecShardRouter
{
    /// <summary>The hash stored with each instance, so a shard reads back its own rows for any shard count.</summary>
    public static uint RouteHash(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        var length = Encoding.UTF8.GetMaxByteCount(instanceId.Length);
        Span<byte> bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(instanceId, bytes);
        return XxHash32.HashToUInt32(bytes[..written]);
    }

    public static int ShardOf(string instanceId, int shards) => ShardOf(RouteHash(instanceId), shards);

    public static int ShardOf(uint routeHash, int shards) =>
        shards > 0 ? (int)(routeHash % (uint)shards) : throw new ArgumentOutOfRangeException(nameof(shards), shards, "There is at least one shard.");
}
