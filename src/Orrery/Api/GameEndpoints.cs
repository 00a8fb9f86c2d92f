using Orrery.Cluster;
using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Api;

public static class GameEndpoints
{
    public static RouteGroupBuilder MapGames(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/games").WithTags("Games");
        group.MapPut("/{gameId}", Put).RequireAuthorization(Roles.Lobby);
        group.MapGet("/", List).RequireAuthorization(Roles.Viewer);
        group.MapGet("/{gameId}", Get).RequireAuthorization(Roles.Viewer);
        group.MapDelete("/{gameId}", Delete).RequireAuthorization(Roles.Admin);
        return group;
    }

    /// <summary>Registers or updates a game (201 when new).</summary>
    public static async Task<Results<Created<GameResponse>, Ok<GameResponse>>> Put(
        Guid gameId, GameRegistration body, GameRegistry registry, RuntimeRecords records, CancellationToken cancellationToken)
    {
        var (game, created) = await registry.RegisterAsync(gameId, body, cancellationToken);
        var response = GameResponse.From(game, await records.GetAsync(gameId, cancellationToken));
        return created ? TypedResults.Created($"/api/v1/games/{gameId}", response) : TypedResults.Ok(response);
    }

    /// <summary>Lists games with their runtime, optionally only those in one runtime status.</summary>
    public static async Task<Ok<PageResponse<GameResponse>>> List(
        IGameStore games, CancellationToken cancellationToken, string? status = null, int? page = null, int? pageSize = null)
    {
        RuntimeStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            filter = WireNames<RuntimeStatus>.TryParse(status, out var parsed)
                ? parsed
                : throw OrreryException.InvalidInput($"status must be one of: {string.Join(", ", WireNames<RuntimeStatus>.All)}.");
        }
        var listed = await games.ListAsync(filter, PageRequest.Create(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse<GameResponse>.From(listed, v => GameResponse.From(v.Game, v.Runtime)));
    }

    /// <summary>One game and its runtime record.</summary>
    public static async Task<Ok<GameResponse>> Get(Guid gameId, GameRegistry registry, RuntimeRecords records, CancellationToken cancellationToken)
    {
        var game = await registry.GetAsync(gameId, cancellationToken);
        return TypedResults.Ok(GameResponse.From(game, await records.GetAsync(gameId, cancellationToken)));
    }

    /// <summary>Stops the game if it still has an engine, then deletes it; its operation log is kept.</summary>
    public static async Task<NoContent> Delete(
        Guid gameId, System.Security.Claims.ClaimsPrincipal user, GameOwners owners, CancellationToken cancellationToken)
    {
        await owners.DeleteAsync(gameId, LifecycleEndpoints.SourceOf(user), cancellationToken);
        return TypedResults.NoContent();
    }
}
