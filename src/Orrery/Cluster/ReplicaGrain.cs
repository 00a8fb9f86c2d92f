using Orleans.Concurrency;
using Orleans.Runtime;
using Orrery.Reconcile;

namespace Orrery.Cluster;

/// <summary>The activation of <see cref="IReplicaGrain"/> on the replica its key names. Reentrant: the reconciler serialises its own passes.</summary>
[Reentrant]
[ReplicaPlacement]
internal sealed class ReplicaGrain(Reconciler reconciler, ILocalSiloDetails silo) : Grain, IReplicaGrain
{
    public Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken) =>
        this.GetPrimaryKeyString() == silo.SiloAddress.ToParsableString()
            ? reconciler.RunPassAsync(cancellationToken)
            // Only a placement gone wrong gets here; a pass on the wrong replica would be reported under another's name.
            : throw new InvalidOperationException($"The replica grain of {this.GetPrimaryKeyString()} was activated on {silo.SiloAddress}.");
}
