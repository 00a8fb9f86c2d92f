using Orrery.Reconcile;

namespace Orrery.Cluster;

/// <summary>
/// One live replica, keyed by its silo address (<see cref="Orleans.Runtime.SiloAddress.ToParsableString"/>) and placed on
/// that silo (<see cref="ReplicaPlacementStrategy"/>): the way to run something on every replica of the cluster, such as
/// the reconcile pass an operator asks of the whole fleet. A silo that has left cannot host it: the call fails.
/// </summary>
public interface IReplicaGrain : IGrainWithStringKey
{
    /// <summary>Runs a reconcile pass on this replica (over the games it owns) and reports it.</summary>
    [ResponseTimeout("00:05:00")]
    Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default);

    /// <summary>Takes up the specification <paramref name="name"/> from the store: another replica registered or replaced it.</summary>
    Task SpecificationRegisteredAsync(string name, CancellationToken cancellationToken = default);
}
