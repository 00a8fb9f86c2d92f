using Orrery.Runtime;

namespace Orrery.Cluster;

/// <summary>
/// The cluster as one replica sees it (SPEC §10): Orleans' members, and the shards and games each Active one owns by
/// the shard table. A shard whose latest owner is not Active (dead, or shutting down) is counted as unowned until
/// the keeper places it again.
/// </summary>
public sealed record ClusterStatus(
    string ClusterId,
    bool Enabled,
    int Shards,
    string Self,
    IReadOnlyList<ClusterMemberStatus> Members,
    int UnownedShards,
    int UnownedGames,
    string? MembershipWarning)
{
    /// <summary>
    /// Puts the view together from what was read. Members are listed Active first, then by start time, newest first
    /// (a replica restarted on the same port is a new silo: the old one stays listed as dead until Orleans removes it).
    /// </summary>
    /// <param name="records">Every runtime record: games are counted for the owner of their shard.</param>
    public static ClusterStatus Of(
        ClusterSettings settings,
        GameShards shards,
        ClusterReplica self,
        IReadOnlyList<ClusterReplica> members,
        IReadOnlyList<ShardLease> leases,
        IReadOnlyList<RuntimeRecord> records,
        string? membershipWarning = null)
    {
        // The Active member that holds each shard's latest epoch, if any.
        var owners = new ClusterReplica?[shards.Count];
        foreach (var lease in leases)
        {
            if (lease.Shard >= 0 && lease.Shard < shards.Count)
            {
                owners[lease.Shard] = members.FirstOrDefault(m => m.IsActive && m.Is(lease.Owner));
            }
        }

        var shardCounts = new Dictionary<ClusterReplica, int>();
        var gameCounts = new Dictionary<ClusterReplica, (int Owned, int Active)>();
        foreach (var owner in owners.OfType<ClusterReplica>())
        {
            shardCounts[owner] = shardCounts.GetValueOrDefault(owner) + 1;
        }
        var unownedGames = 0;
        foreach (var record in records)
        {
            if (owners[shards.ShardOf(record.GameId)] is not { } owner)
            {
                unownedGames++;
                continue;
            }
            var (owned, active) = gameCounts.GetValueOrDefault(owner);
            gameCounts[owner] = (owned + 1, active + (RuntimeTransitions.IsTerminal(record.Status) ? 0 : 1));
        }

        var listed = members
            .OrderByDescending(m => m.IsActive)
            .ThenByDescending(m => m.StartedAt)
            .ThenBy(m => m.Silo, StringComparer.Ordinal)
            .Select(m => new ClusterMemberStatus(
                m, m.Silo == self.Silo, shardCounts.GetValueOrDefault(m), gameCounts.GetValueOrDefault(m).Owned, gameCounts.GetValueOrDefault(m).Active))
            .ToList();
        return new ClusterStatus(
            settings.ClusterId, settings.Enabled, shards.Count, self.Silo, listed,
            owners.Count(o => o is null), unownedGames, membershipWarning);
    }
}
