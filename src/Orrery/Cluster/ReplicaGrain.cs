using Orleans.Concurrency;
using Orleans.Runtime;
using Orrery.Reconcile;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

/// <summary>The activation of <see cref="IReplicaGrain"/> on the replica its key names. Reentrant: the reconciler serialises its own passes.</summary>
[Reentrant]
[ReplicaPlacement]
internal sealed class ReplicaGrain(Reconciler reconciler, SpecLoading specs, ILocalSiloDetails silo) : Grain, IReplicaGrain
{
    public Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        EnsureOnItsReplica();
        return reconciler.RunPassAsync(cancellationToken);
    }

    public Task SpecificationRegisteredAsync(string name, CancellationToken cancellationToken)
    {
        EnsureOnItsReplica();
        return specs.RefreshSpecificationAsync(name, cancellationToken);
    }

    /// <summary>Only a placement gone wrong fails here; a pass on the wrong replica would be reported under another's name.</summary>
    private void EnsureOnItsReplica()
    {
        if (this.GetPrimaryKeyString() != silo.SiloAddress.ToParsableString())
        {
            throw new InvalidOperationException($"The replica grain of {this.GetPrimaryKeyString()} was activated on {silo.SiloAddress}.");
        }
    }
}
