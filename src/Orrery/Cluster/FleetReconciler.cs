using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Reconcile;

namespace Orrery.Cluster;

/// <summary>
/// <c>POST /api/v1/reconcile</c> for the whole fleet: each replica's pass keeps to the games it owns, so one call runs
/// the pass on every active member (through its <see cref="IReplicaGrain"/>) and merges the reports. A node alone runs
/// its own pass directly, as before.
/// </summary>
public sealed partial class FleetReconciler(
    Reconciler local,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    IOptions<ClusterSettings> settings,
    ILogger<FleetReconciler> logger)
{
    public async Task<FleetReconcileReport> RunPassAsync(CancellationToken cancellationToken)
    {
        if (!settings.Value.Enabled)
        {
            return new FleetReconcileReport(await local.RunPassAsync(cancellationToken), [silo.SiloAddress.ToParsableString()], []);
        }

        var members = ActiveReplicas.Of(membership);
        var passes = await Task.WhenAll(members.Select(async replica =>
        {
            try
            {
                return (replica, Report: await grains.GetGrain<IReplicaGrain>(replica).ReconcileAsync(cancellationToken), Error: (string?)null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ReplicaPassFailed(logger, replica, ex);
                return (replica, Report: (ReconcileReport?)null, Error: $"{ex.GetType().Name}: {ex.Message}");
            }
        }));
        return Combine(passes.Select(p => (p.replica, p.Report, p.Error)).ToList());
    }

    /// <summary>The fleet's report from each replica's pass or error; no pass at all is an error of the whole call.</summary>
    public static FleetReconcileReport Combine(IReadOnlyList<(string Replica, ReconcileReport? Report, string? Error)> passes)
    {
        var answered = passes.Where(p => p.Report is not null).ToList();
        var failed = passes.Where(p => p.Report is null).Select(p => new ReplicaFailure(p.Replica, p.Error ?? "no answer")).ToList();
        return answered.Count > 0
            ? new FleetReconcileReport(ReconcileReport.Merge([.. answered.Select(p => p.Report!)]), [.. answered.Select(p => p.Replica)], failed)
            : throw new OrreryException(ErrorCodes.InternalError,
                $"No replica completed its reconcile pass: {string.Join("; ", failed.Select(f => $"{f.Replica}: {f.Message}"))}");
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.FleetReconciler.ReplicaPassFailed, LogLevel.Warning, "The reconcile pass of replica {Replica} failed; the fleet's report lists it as failed")]
        public static partial void ReplicaPassFailed(ILogger logger, string replica, Exception exception);
    }
}
