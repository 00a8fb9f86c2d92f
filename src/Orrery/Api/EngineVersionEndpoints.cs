using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Versions;

namespace Orrery.Api;

public static class EngineVersionEndpoints
{
    public static RouteGroupBuilder MapEngineVersions(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/engine-versions").WithTags("Engine versions");
        group.MapPut("/{version}", Put).RequireAuthorization(Roles.Admin);
        group.MapGet("/", List).RequireAuthorization(Roles.Viewer);
        return group;
    }

    /// <summary>Registers or updates an engine version.</summary>
    public static async Task<Ok<EngineVersionResponse>> Put(
        string version, EngineVersionBody body, EngineVersionRegistry registry, CancellationToken cancellationToken)
    {
        var registered = await registry.RegisterAsync(version, body.ImageRef, body.Deprecated ?? false, cancellationToken);
        return TypedResults.Ok(EngineVersionResponse.From(registered));
    }

    /// <summary>Lists engine versions, highest first.</summary>
    public static async Task<Ok<IReadOnlyList<EngineVersionResponse>>> List(EngineVersionRegistry registry, CancellationToken cancellationToken)
    {
        var versions = await registry.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<EngineVersionResponse>>(versions.Select(EngineVersionResponse.From).ToList());
    }
}
