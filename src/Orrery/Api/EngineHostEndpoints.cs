using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.EngineHosts;

namespace Orrery.Api;

/// <summary><c>GET /api/v1/engine-hosts</c>: the engine hosts this node drives and how full they are (SPEC §10).</summary>
public static class EngineHostEndpoints
{
    public static IEndpointRouteBuilder MapEngineHosts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/engine-hosts", List)
            .WithTags("Engine hosts")
            .WithDescription(
                "The engine hosts this node drives: running engines of this stack against the host's capacity, and the engines' " +
                "memory limits against the machine's memory. A host that cannot be reached is listed with reachable=false and the error.")
            .RequireAuthorization(Roles.Viewer);
        return api;
    }

    public static async Task<Ok<IReadOnlyList<EngineHostResponse>>> List(EngineHostSurvey survey, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<EngineHostResponse>>([.. (await survey.SurveyAsync(cancellationToken)).Select(EngineHostResponse.From)]);
}

/// <summary>One engine host; every measured field is null when it could not be measured, never a guess.</summary>
/// <param name="Where">The Docker daemon's endpoint, or the process host's engines directory.</param>
/// <param name="Running">Engines of this stack running on the host.</param>
/// <param name="Capacity">Engines the host may run (<c>Orrery:EngineCapacity</c>); null when it has no limit.</param>
/// <param name="Use">Running engines as a fraction of the capacity.</param>
public sealed record EngineHostResponse(
    string Name,
    string Kind,
    string Where,
    bool Reachable,
    string? Error,
    int? Running,
    int? Capacity,
    double? Use,
    EngineHostMemoryResponse? Memory)
{
    public static EngineHostResponse From(EngineHostUsage u) => new(
        u.Name, u.Info.Kind, u.Info.Location, u.Reachable, u.Error, u.Running, u.Capacity, u.Use,
        u.Reachable ? new EngineHostMemoryResponse(u.MemoryLimitBytes, u.MemoryTotalBytes, u.MemoryUse) : null);
}

/// <param name="LimitBytes">The sum of the running engines' memory limits; null when none runs or one has no limit.</param>
/// <param name="TotalBytes">The machine's memory (Docker's <c>MemTotal</c>, or <c>/proc/meminfo</c>).</param>
/// <param name="Use">The limits as a fraction of the total; above 1 when they overcommit it.</param>
public sealed record EngineHostMemoryResponse(long? LimitBytes, long? TotalBytes, double? Use);
