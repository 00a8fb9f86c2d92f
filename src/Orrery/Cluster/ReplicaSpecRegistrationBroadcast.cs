using Orleans.Runtime;
using Orrery.Observability;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

/// <summary>Tells every other active replica, through its <see cref="IReplicaGrain"/>, to take up a specification registered here.</summary>
internal sealed partial class ReplicaSpecRegistrationBroadcast(
    IGrainFactory grains, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger<ReplicaSpecRegistrationBroadcast> logger)
    : ISpecRegistrationBroadcast
{
    public async Task<IReadOnlyList<string>> RegisteredAsync(string name, CancellationToken cancellationToken)
    {
        var self = silo.SiloAddress.ToParsableString();
        var untold = await Task.WhenAll(ActiveReplicas.Of(membership).Where(replica => replica != self).Select(async replica =>
        {
            try
            {
                await grains.GetGrain<IReplicaGrain>(replica).SpecificationRegisteredAsync(name, cancellationToken);
                return null;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.NotTold(logger, replica, name, ex);
                return replica;
            }
        }));
        return [.. untold.OfType<string>()];
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ReplicaSpecRegistrationBroadcast.NotTold, LogLevel.Warning, "Replica {Replica} could not be told of specification {Spec}; it takes it up at its next start")]
        public static partial void NotTold(ILogger logger, string replica, string spec, Exception exception);
    }
}
