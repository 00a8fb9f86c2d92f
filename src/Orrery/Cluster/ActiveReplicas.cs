using Orleans.Runtime;

namespace Orrery.Cluster;

/// <summary>The replicas a call to every replica goes to: the active members, by silo address.</summary>
internal static class ActiveReplicas
{
    /// <summary>Each active member's <see cref="IReplicaGrain"/> key, in order.</summary>
    public static List<string> Of(IClusterMembershipService membership) =>
        [.. membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .Order(StringComparer.Ordinal)];
}
