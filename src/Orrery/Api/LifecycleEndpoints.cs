using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Operations;

namespace Orrery.Api;

/// <summary>
/// The lifecycle calls of SPEC §4. Queued ones answer 202 with the operation once it is durably recorded;
/// immediate ones (pause, resume, force-next-turn) answer 200 with the finished operation.
/// </summary>
public static class LifecycleEndpoints
{
    public const int MaxIdempotencyKeyLength = 200;

    public static RouteGroupBuilder MapLifecycle(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/games/{gameId}").WithTags("Lifecycle");
        group.MapPost("/start", Start).RequireAuthorization(Roles.Lobby);
        group.MapPost("/stop", Stop).RequireAuthorization(Roles.Lobby);
        group.MapPost("/pause", Pause).RequireAuthorization(Roles.Lobby);
        group.MapPost("/resume", Resume).RequireAuthorization(Roles.Lobby);
        group.MapPost("/restart", Restart).RequireAuthorization(Roles.Admin);
        group.MapPost("/patch", Patch).RequireAuthorization(Roles.Admin);
        group.MapPost("/force-next-turn", ForceNextTurn).RequireAuthorization(Roles.Admin);
        return group;
    }

    public static async Task<Accepted<OperationResponse>> Start(
        Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await lifecycle.StartAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    public static async Task<Accepted<OperationResponse>> Stop(
        Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await lifecycle.StopAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    /// <summary>Stop and start on the same version, as one operation; the game keeps its turn and state.</summary>
    public static async Task<Accepted<OperationResponse>> Restart(
        Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await lifecycle.RestartAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    /// <summary>Moves the game to another engine version of the same MAJOR.MINOR; the engine resumes from its state.</summary>
    public static async Task<Accepted<OperationResponse>> Patch(
        Guid gameId, PatchBody body, ClaimsPrincipal user, LifecycleService lifecycle, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null)
    {
        var version = string.IsNullOrWhiteSpace(body.Version) ? throw OrreryException.InvalidInput("version is required.") : body.Version;
        return Accepted(await lifecycle.PatchAsync(gameId, version, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));
    }

    public static async Task<Ok<OperationResponse>> Pause(
        Guid gameId, ClaimsPrincipal user, ImmediateOperations immediate, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Done(await immediate.PauseAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    public static async Task<Ok<OperationResponse>> Resume(
        Guid gameId, ClaimsPrincipal user, ImmediateOperations immediate, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Done(await immediate.ResumeAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    /// <summary>Plays the next turn now; also on a paused or generation_failed game.</summary>
    public static async Task<Ok<OperationResponse>> ForceNextTurn(
        Guid gameId, ClaimsPrincipal user, ImmediateOperations immediate, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Done(await immediate.ForceNextTurnAsync(gameId, SourceOf(user), CheckKey(idempotencyKey), cancellationToken));

    internal static OperationSource SourceOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? OperationSource.Admin : OperationSource.Lobby;

    private static Accepted<OperationResponse> Accepted(Operation operation) =>
        TypedResults.Accepted($"/api/v1/operations/{operation.Id}", OperationResponse.From(operation));

    private static Ok<OperationResponse> Done(Operation operation) => TypedResults.Ok(OperationResponse.From(operation));

    private static string? CheckKey(string? key) =>
        key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && !key.Any(char.IsControl))
            ? key
            : throw OrreryException.InvalidInput($"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters.");
}
