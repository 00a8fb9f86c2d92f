using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Games;

namespace Orrery.Sessions;

public static class LiveTokenEndpoints
{
    public static RouteHandlerBuilder MapLiveTokens(this IEndpointRouteBuilder api) =>
        api.MapPost("/games/{gameId}/players/{userId}/token", Mint).RequireAuthorization(Roles.Lobby).WithTags("Live sessions");

    /// <summary>Mints a player token for a member of the game, for its live session (SPEC §8).</summary>
    public static async Task<Ok<LiveToken>> Mint(Guid gameId, Guid userId, GameRegistry registry, LiveTokens tokens, CancellationToken cancellationToken)
    {
        var game = await registry.GetAsync(gameId, cancellationToken);
        return game.HasMember(userId)
            ? TypedResults.Ok(tokens.Mint(gameId, userId))
            : throw new OrreryException(ErrorCodes.NotMember, $"User {userId} is not a member of game {gameId}.");
    }
}

internal static class GameMembers
{
    public static bool HasMember(this Game game, Guid userId) => game.Memberships.Any(m => m.UserId == userId);
}
