using Orrery.Reconcile;

namespace Orrery.Cluster;

/// <summary>A reconcile pass of the whole fleet: the replicas' reports merged, and which replicas answered and which did not.</summary>
/// <param name="Answered">Silo addresses (<c>address:port@generation</c>) of the replicas whose pass is in <paramref name="Merged"/>.</param>
/// <param name="Failed">Replicas that were live members but whose pass failed or did not answer: their games were not reconciled.</param>
public sealed record FleetReconcileReport(ReconcileReport Merged, IReadOnlyList<string> Answered, IReadOnlyList<ReplicaFailure> Failed);

public sealed record ReplicaFailure(string Replica, string Message);
