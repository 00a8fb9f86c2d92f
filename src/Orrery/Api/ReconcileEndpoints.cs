using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
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

    public static async Task<Ok<ReconcileReportResponse>> Run(Reconciler reconciler, CancellationToken cancellationToken) =>
        TypedResults.Ok(ReconcileReportResponse.From(await reconciler.RunPassAsync(cancellationToken)));
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
    IReadOnlyList<Guid> Skipped,
    IReadOnlyList<OrphanEngineResponse> Orphans,
    IReadOnlyList<ReconcileErrorResponse> Errors)
{
    public static ReconcileReportResponse From(ReconcileReport r) => new(
        r.StartedAt, Math.Round(r.Duration.TotalMilliseconds, 1), r.Records, r.Engines,
        r.Adopted, r.Removed, r.Refreshed, r.Unreachable, r.Missing, r.Skipped,
        [.. r.Orphans.Select(o => new OrphanEngineResponse(o.EngineId, o.GameId, o.Removed))],
        [.. r.Errors.Select(e => new ReconcileErrorResponse(e.GameId, e.EngineId, e.Message))]);
}

public sealed record OrphanEngineResponse(string EngineId, Guid? GameId, bool Removed);

public sealed record ReconcileErrorResponse(Guid? GameId, string? EngineId, string Message);
