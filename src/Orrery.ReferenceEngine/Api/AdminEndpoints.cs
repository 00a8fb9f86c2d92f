using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.ReferenceEngine.Hosting;

namespace Orrery.ReferenceEngine.Api;

/// <summary>The admin part of the engine contract: init, status and turn.</summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin");
        group.MapPost("/init", InitAsync);
        group.MapGet("/status", Status);
        group.MapPut("/turn", TurnAsync);
        return group;
    }

    internal static async Task<Results<Ok<StateResponse>, ProblemHttpResult>> InitAsync(
        HttpRequest request, GameService game, CancellationToken cancellationToken)
    {
        // Read by hand rather than bound: a malformed body must still answer problem+json with a code.
        InitRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, ApiJsonContext.Default.InitRequest, cancellationToken);
        }
        catch (JsonException e)
        {
            return EngineProblems.InvalidInput([$"The body is not valid JSON for an init request: {e.Message}"]);
        }

        if (!InitRequestValidator.TryValidate(body, out var gameId, out var races, out var problems))
        {
            return EngineProblems.InvalidInput(problems);
        }

        return ToResult(await game.InitAsync(gameId, races, cancellationToken));
    }

    internal static Results<Ok<StateResponse>, ProblemHttpResult> Status(GameService game) =>
        game.Current is { } state
            ? TypedResults.Ok(StateResponse.From(state))
            : ToResult(GameCommandResult.Rejected(GameCommandStatus.NotInitialised, "The game has not been initialised."));

    /// <summary>
    /// <c>PUT /turn[?expectedTurn=N][&amp;gameId=G]</c>: with <c>expectedTurn</c> (Orrery always sends it) the turn is
    /// generated only if the game is at turn N, otherwise 409 <c>turn_mismatch</c> with the actual turn and nothing
    /// changes; with <c>gameId</c> only if this engine holds game G, otherwise 409 <c>conflict</c>.
    /// </summary>
    internal static async Task<Results<Ok<StateResponse>, ProblemHttpResult>> TurnAsync(
        HttpRequest request, GameService game, CancellationToken cancellationToken)
    {
        // Parsed by hand rather than bound: a bad value must still answer problem+json with a code.
        if (!TurnQuery.TryParse(request.Query, out var fence, out var problem))
        {
            return EngineProblems.InvalidInput([problem]);
        }

        return ToResult(await game.NextTurnAsync(fence.ExpectedTurn, fence.GameId, cancellationToken));
    }

    private static Results<Ok<StateResponse>, ProblemHttpResult> ToResult(GameCommandResult result) =>
        result is { Status: GameCommandStatus.Ok, State: { } state }
            ? TypedResults.Ok(StateResponse.From(state))
            : EngineProblems.From(result);
}
