namespace Orrery.Cluster;

/// <summary>
/// Where each shard belongs among the live replicas: rendezvous (highest random weight) hashing of the shard and each
/// replica's endpoint. Every replica computes the same answer from the same member list; when a replica leaves only
/// its shards move, and one that joins takes about its share from each of the others.
/// </summary>
public static class ShardHomes
{
    /// <summary>The member <paramref name="shard"/> belongs on, or null when there is none.</summary>
    /// <param name="members">Replica endpoints (<c>address:port</c>): a restarted replica on the same endpoint gets its shards back.</param>
    public static string? Pick(int shard, IEnumerable<string> members)
    {
        string? best = null;
        var bestWeight = 0UL;
        foreach (var member in members)
        {
            var weight = Mix(Fnv1a(member) ^ (ulong)shard);
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(member, best) < 0))
            {
                best = member;
                bestWeight = weight;
            }
        }
        return best;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>SplitMix64's finaliser: every input bit moves every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
