using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Storage;

namespace Orrery.Api;

public static class OperationEndpoints
{
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/games/{gameId}/operations", ListForGame).WithTags("Operations").RequireAuthorization(Roles.Viewer);
        api.MapGet("/operations/{operationId}", Get).WithTags("Operations").RequireAuthorization(Roles.Viewer);
        return api;
    }

    /// <summary>The operation log of a game, newest first.</summary>
    public static async Task<Ok<PageResponse<OperationResponse>>> ListForGame(
        Guid gameId, IOperationStore operations, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var listed = await operations.ListAsync(gameId, PageRequest.Create(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse<OperationResponse>.From(listed, OperationResponse.From));
    }

    /// <summary>One operation.</summary>
    public static async Task<Ok<OperationResponse>> Get(Guid operationId, IOperationStore operations, CancellationToken cancellationToken)
    {
        var operation = await operations.GetAsync(operationId, cancellationToken)
            ?? throw OrreryException.NotFound($"Operation {operationId} does not exist.");
        return TypedResults.Ok(OperationResponse.From(operation));
    }
}
