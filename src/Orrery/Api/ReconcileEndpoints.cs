using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orrery.Auth;
using Orrery.Cluster;
using Orrery.Reconcile;

namespace Orrery.Api;

/// <summary><c>POST /api/v1/reconcile</c> (SPEC §7, §11): run a pass now and answer with its report.</summary>
public static class ReconcileEndpoints
{
    public static IEndpointRouteBuilder MapReconcile(this IEndpointRouteBuilder api)
    {
        api.MapPost("/reconcile", Run)
            .WithTags("Reconcile")
            .WithDescription("Run a reconcile pass now (after the one in progress, if any) and return its report.")
            .RequireAuthorization(Roles.Admin);
        return api;
    }

    /// <summary>In a cluster, the pass runs on every live replica and the answer merges them (<see cref="FleetReconciler"/>).</summary>
    public static async Task<Ok<ReconcileReportResponse>> Run(FleetReconciler fleet, IOptions<ClusterSettings> cluster, CancellationToken cancellationToken)
    {
        var report = await fleet.RunPassAsync(cancellationToken);
        var response = ReconcileReportResponse.From(report.Merged);
        // A node alone answers as it always did; the replicas are news only in a cluster.
        return TypedResults.Ok(cluster.Value.Enabled
            ? response with { Replicas = report.Answered, FailedReplicas = [.. report.Failed.Select(f => new ReplicaFailureResponse(f.Replica, f.Message))] }
            : response);
    }
}

/// <summary>The wire shape of a <see cref="ReconcileReport"/>.</summary>
public sealed record ReconcileReportResponse(
    DateTimeOffset StartedAt,
    double DurationMs,
    int Records,
    int Engines,
    IReadOnlyList<Guid> Adopted,
    IReadOnlyList<Guid> Removed,
    IReadOnlyList<Guid> Refreshed,
    IReadOnlyList<Guid> Unreachable,
    IReadOnlyList<Guid> Missing,
    IReadOnlyList<Guid> Strays,
    IReadOnlyList<Guid> StraysRemoved,
    IReadOnlyList<Guid> Skipped,
    IReadOnlyList<OrphanEngineResponse> Orphans,
    IReadOnlyList<ReconcileErrorResponse> Errors)
{
    /// <summary>In a cluster: the replicas (silo addresses) whose pass this report merges. Absent on a node alone.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Replicas { get; init; }

    /// <summary>In a cluster: live replicas whose pass failed; their games were not reconciled by this call.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReplicaFailureResponse>? FailedReplicas { get; init; }

    public static ReconcileReportResponse From(ReconcileReport r) => new(
        r.StartedAt, Math.Round(r.Duration.TotalMilliseconds, 1), r.Records, r.Engines,
        r.Adopted, r.Removed, r.Refreshed, r.Unreachable, r.Missing, r.Strays, r.StraysRemoved, r.Skipped,
        [.. r.Orphans.Select(o => new OrphanEngineResponse(o.EngineId, o.GameId, o.Removed))],
        [.. r.Errors.Select(e => new ReconcileErrorResponse(e.GameId, e.EngineId, e.Message))]);
}

public sealed record OrphanEngineResponse(string EngineId, Guid? GameId, bool Removed);

public sealed record ReconcileErrorResponse(Guid? GameId, string? EngineId, string Message);

public sealed record ReplicaFailureResponse(string Replica, string Message);
