using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orrery.Cluster;

/// <summary>Places a shard grain on the live replica <see cref="ShardHomes"/> picks for it, so shards spread evenly and move little.</summary>
[GenerateSerializer, Immutable]
public sealed class ShardPlacementStrategy : PlacementStrategy;

/// <summary>Marks a grain keyed by shard number for <see cref="ShardPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShardPlacementAttribute() : PlacementAttribute(new ShardPlacementStrategy());

internal sealed class ShardPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var shard = (int)target.GrainIdentity.GetIntegerKey();
        var home = ShardHomes.Pick(shard, silos.Select(Endpoint));
        return Task.FromResult(silos.First(s => Endpoint(s) == home));
    }

    internal static string Endpoint(SiloAddress silo) => silo.Endpoint.ToString();
}
