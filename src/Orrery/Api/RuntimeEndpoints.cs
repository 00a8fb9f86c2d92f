using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Lifecycle;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Api;

public static class RuntimeEndpoints
{
    public static RouteGroupBuilder MapRuntime(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/games/{gameId}").WithTags("Runtime");
        group.MapGet("/players/{userId}", GetPlayer).RequireAuthorization(Roles.Lobby);
        group.MapGet("/endpoint", GetEndpoint).RequireAuthorization(Roles.Lobby);
        group.MapGet("/snapshots", ListSnapshots).RequireAuthorization(Roles.Viewer);
        group.MapGet("/player-stats", ListPlayerStats).RequireAuthorization(Roles.Viewer);
        return group;
    }

    /// <summary>The race and engine player id of a user in a running game.</summary>
    public static async Task<Ok<PlayerMappingResponse>> GetPlayer(
        Guid gameId, Guid userId, IPlayerMappingStore mappings, CancellationToken cancellationToken)
    {
        var mapping = await mappings.GetAsync(gameId, userId, cancellationToken)
            ?? throw OrreryException.NotFound($"User {userId} has no player in the running game {gameId}.");
        return TypedResults.Ok(new PlayerMappingResponse(mapping.GameId, mapping.UserId, mapping.RaceName, mapping.EnginePlayerId));
    }

    /// <summary>Where the game's engine answers.</summary>
    public static async Task<Ok<EndpointResponse>> GetEndpoint(Guid gameId, RuntimeRecords records, CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(gameId, cancellationToken)
            ?? throw OrreryException.NotFound($"Game {gameId} has no runtime.");
        return record.EngineEndpoint is { } endpoint
            ? TypedResults.Ok(new EndpointResponse(gameId, endpoint))
            : throw OrreryException.Conflict($"Game {gameId} has no engine endpoint while {WireNames<RuntimeStatus>.Name(record.Status)}.");
    }

    /// <summary>What the engine reported over time, newest first.</summary>
    public static async Task<Ok<PageResponse<SnapshotResponse>>> ListSnapshots(
        Guid gameId, IHealthSnapshotStore snapshots, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var listed = await snapshots.ListAsync(gameId, PageRequest.Create(page, pageSize), cancellationToken);
        return TypedResults.Ok(PageResponse<SnapshotResponse>.From(listed,
            s => new SnapshotResponse(s.Id, s.GameId, s.ObservedAt, s.Turn, JsonSerializer.Deserialize<JsonElement>(s.Payload))));
    }

    /// <summary>Each player's latest planets and population and the maxima over the game.</summary>
    public static async Task<Ok<IReadOnlyList<PlayerStatsResponse>>> ListPlayerStats(
        Guid gameId, IPlayerStatsStore stats, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PlayerStatsResponse>>((await stats.ListAsync(gameId, cancellationToken)).Select(PlayerStatsResponse.From).ToList());
}
