using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orrery.Cluster;

/// <summary>Places a grain keyed by a silo address on that silo, and nowhere else.</summary>
[GenerateSerializer, Immutable]
public sealed class ReplicaPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain keyed by <see cref="SiloAddress.ToParsableString"/> for <see cref="ReplicaPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ReplicaPlacementAttribute() : PlacementAttribute(new ReplicaPlacementStrategy());

internal sealed class ReplicaPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        // Placing it anywhere else would run the replica's work on another one.
        return silo is not null
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"Replica {key} is not a live member of the cluster.");
    }
}
