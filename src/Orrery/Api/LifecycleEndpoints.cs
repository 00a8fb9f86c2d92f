using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orrery.Auth;
using Orrery.Cluster;
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
        group.MapPost("/start", Queued(OperationKind.Start)).RequireAuthorization(Roles.Lobby);
        group.MapPost("/stop", Queued(OperationKind.Stop)).RequireAuthorization(Roles.Lobby);
        group.MapPost("/restart", Queued(OperationKind.Restart))
            .WithDescription("Stop and start on the same version, as one operation; the game keeps its turn and state.")
            .RequireAuthorization(Roles.Admin);
        group.MapPost("/patch", Patch)
            .WithDescription("Move the game to another engine version of the same MAJOR.MINOR; the engine resumes from its state.")
            .RequireAuthorization(Roles.Admin);
        group.MapPost("/pause", Immediate(OperationKind.Pause)).RequireAuthorization(Roles.Lobby);
        group.MapPost("/resume", Immediate(OperationKind.Resume)).RequireAuthorization(Roles.Lobby);
        group.MapPost("/force-next-turn", Immediate(OperationKind.ForceNextTurn))
            .WithDescription("Play the next turn now; also on a paused or generation_failed game.")
            .RequireAuthorization(Roles.Admin);
        return group;
    }

    public static async Task<Accepted<OperationResponse>> Patch(
        Guid gameId, PatchBody body, ClaimsPrincipal user, LifecycleService lifecycle, GameOwners owners, CancellationToken cancellationToken,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null) =>
        Accepted(await RequestAsync(owners, lifecycle, Command(gameId, OperationKind.Patch, user, idempotencyKey, RequiredVersion(body)), cancellationToken));

    internal static OperationSource SourceOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin) ? OperationSource.Admin : OperationSource.Lobby;

    private static Delegate Queued(OperationKind kind) =>
        async Task<Accepted<OperationResponse>> (Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, GameOwners owners, CancellationToken cancellationToken,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
            Accepted(await RequestAsync(owners, lifecycle, Command(gameId, kind, user, idempotencyKey), cancellationToken));

    private static Delegate Immediate(OperationKind kind) =>
        async Task<Ok<OperationResponse>> (Guid gameId, ClaimsPrincipal user, LifecycleService lifecycle, GameOwners owners, CancellationToken cancellationToken,
            [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey) =>
            TypedResults.Ok(OperationResponse.From(await RequestAsync(owners, lifecycle, Command(gameId, kind, user, idempotencyKey), cancellationToken)));

    /// <summary>Runs the call on the game's owner; a node that has begun to stop refuses it first, whoever owns the game.</summary>
    private static Task<Operation> RequestAsync(GameOwners owners, LifecycleService lifecycle, GameCommand command, CancellationToken cancellationToken)
    {
        lifecycle.EnsureAccepting();
        return owners.RequestAsync(command, cancellationToken);
    }

    private static GameCommand Command(Guid gameId, OperationKind kind, ClaimsPrincipal user, string? idempotencyKey, string? targetVersion = null) =>
        new(gameId, kind, SourceOf(user), CheckKey(idempotencyKey), targetVersion);

    private static string RequiredVersion(PatchBody body) =>
        string.IsNullOrWhiteSpace(body.Version) ? throw OrreryException.InvalidInput("A patch needs a target version.") : body.Version;

    private static Accepted<OperationResponse> Accepted(Operation operation) =>
        TypedResults.Accepted($"/api/v1/operations/{operation.Id}", OperationResponse.From(operation));

    private static string? CheckKey(string? key) =>
        key is null || (key.Length is > 0 and <= MaxIdempotencyKeyLength && !key.Any(char.IsControl))
            ? key
            : throw OrreryException.InvalidInput($"Idempotency-Key must be 1 to {MaxIdempotencyKeyLength} printable characters.");
}
