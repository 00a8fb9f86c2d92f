using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Operations;

namespace Orrery.Api;

public static class LifecycleEndpoints
{
    public const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapLifecycle(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/games/{gameId}").WithTags("Lifecycle");
        group.MapPost("/start", Start).RequireAuthorization(Roles.Lobby);
        group.MapPost("/stop", Stop).RequireAuthorization(Roles.Lobby);
        return group;
    }

    /// <summary>Queues a start; 202 with the operation once it is durably recorded.</summary>
    public static async Task<Accepted<OperationResponse>> Start(
        Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await lifecycle.StartAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    /// <summary>Queues a stop; 202 with the operation once it is durably recorded.</summary>
    public static async Task<Accepted<OperationResponse>> Stop(
        Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await lifecycle.StopAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    private static Accepted<OperationResponse> Accepted(Operation operation) =>
        TypedResults.Accepted($"/api/v1/operations/{operation.Id}", OperationResponse.From(operation));

    private static OperationSource SourceOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? OperationSource.Admin : OperationSource.Lobby;

    private static string? CheckKey(string? key) =>
        key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && !key.Any(char.IsControl))
            ? key
            : throw OrreryException.InvalidInput($"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters.");
}
