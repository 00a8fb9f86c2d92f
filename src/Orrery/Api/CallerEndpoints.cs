using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;

namespace Orrery.Api;

/// <summary><c>GET /api/v1/me</c>: the caller's key name and role, so a UI can hide what the server would refuse.</summary>
internal static class CallerEndpoints
{
    public static IEndpointRouteBuilder MapCaller(this IEndpointRouteBuilder api)
    {
        api.MapGet("/me", Get).WithTags("Auth").RequireAuthorization(Roles.Viewer);
        return api;
    }

    public static Ok<CallerResponse> Get(ClaimsPrincipal user, ApiKeyRing keys)
    {
        // Roles include the ones below them: the caller's role is the highest granted.
        string[] byRank = [Roles.Admin, Roles.Lobby, Roles.Viewer];
        var role = byRank.First(user.IsInRole);
        return TypedResults.Ok(new CallerResponse(user.Identity?.Name ?? "", role, !keys.IsOpen));
    }
}
