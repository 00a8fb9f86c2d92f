using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orrery.Observability;
using Orrery.Storage;

namespace Orrery.Cluster;

/// <summary>
/// Reads <see cref="ClusterStatus"/> for <c>GET /api/v1/cluster</c>: Orleans' membership table through the management
/// grain (members with their start times, dead ones included), the shard table and every runtime record.
/// </summary>
public sealed partial class ClusterStatusReader(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IClusterMembershipService membership,
    IShardLeaseStore leases,
    IRuntimeStore records,
    GameShards shards,
    IOptions<ClusterSettings> settings,
    ILogger<ClusterStatusReader> logger)
{
    /// <summary>How long the membership table may take to read before the replica's own view of it is shown instead.</summary>
    public static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(5);

    public async Task<ClusterStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var self = ClusterReplica.From(new Orleans.Runtime.ClusterMember(silo.SiloAddress, SiloStatus.Active, silo.Name));
        var (members, warning) = await MembersAsync(cancellationToken);
        var shardTable = await leases.ListAsync(cancellationToken);
        var runtimes = await records.ListAsync(cancellationToken);
        return ClusterStatus.Of(settings.Value, shards, self, members, shardTable, runtimes, warning);
    }

    /// <summary>
    /// The membership table; when it cannot be read in time (its database is down, the silo is stopping), this
    /// replica's last view of the membership, without start times, and a warning that says so.
    /// </summary>
    private async Task<(IReadOnlyList<ClusterReplica> Members, string? Warning)> MembersAsync(CancellationToken cancellationToken)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false)
                .WaitAsync(MembershipTimeout, cancellationToken);
            return ([.. hosts.Select(ClusterReplica.From)], null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.MembershipUnreadable(logger, ex);
            var local = membership.CurrentSnapshot.Members.Values.Select(ClusterReplica.From).ToList();
            return (local, $"The membership table could not be read ({ex.GetType().Name}: {ex.Message}); this replica's own view of it is shown.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ClusterStatusReader.MembershipUnreadable, LogLevel.Warning, "Could not read Orleans' membership table for the cluster view; showing this replica's own view")]
        public static partial void MembershipUnreadable(ILogger logger, Exception exception);
    }
}
