using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orrery.Auth;
using Orrery.Cluster;
using Orrery.Errors;

namespace Orrery.Sessions;

/// <summary>
/// The live routes (SPEC §8, docs/live-sessions.md): the WebSocket itself, the session's presence, the message
/// schema, and the pools of this node (admin; crashing one is fault injection, off unless configured).
/// </summary>
public static class LiveEndpoints
{
    private const string SchemaResource = "Orrery.Sessions.live-messages.schema.json";

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder api)
    {
        api.MapGet("/games/{gameId:guid}/live", ConnectAsync)
            .WithTags("Live")
            .WithDescription(
                "The game's live session over a WebSocket: a player token (access_token query parameter or Sec-WebSocket-Protocol " +
                "'orrery.live.v1, <token>') or a viewer key as spectator; resume with session and lastSeq. Refused before the " +
                "upgrade with problem+json.")
            .AllowAnonymous(); // LiveAdmission authenticates: a token or a key, refused before the upgrade
        api.MapGet("/games/{gameId:guid}/live/presence", GetPresenceAsync)
            .WithTags("Live")
            .WithDescription("Who follows the game live now: connected members with their connections, and spectators.")
            .RequireAuthorization(Roles.Viewer);
        api.MapGet("/live/schema", GetSchema)
            .WithTags("Live")
            .WithDescription("The JSON Schema of the live session's messages.")
            .AllowAnonymous();
        api.MapGet("/live/pools", GetPools)
            .WithTags("Live")
            .WithDescription("The session pools of the replica that answers.")
            .RequireAuthorization(Roles.Admin);
        api.MapPost("/live/pools/{poolId}/crash", CrashPoolAsync)
            .WithTags("Live")
            .WithDescription("Fault injection (Orrery:Live:FaultInjection=true only): the pool fails as if it crashed, and is restarted.")
            .RequireAuthorization(Roles.Admin);
        return api;
    }

    public static async Task<IResult> ConnectAsync(
        Guid gameId,
        HttpContext http,
        LiveAdmission admission,
        LiveConnections connections,
        IOptions<LiveOptions> options,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<WebSocketSubscriber> logger,
        CancellationToken cancellationToken)
    {
        var admitted = await admission.AdmitAsync(http, gameId, cancellationToken);
        if (admitted.Problem is { } refusal)
        {
            return refusal;
        }
        var resume = ReadResume(http.Request.Query);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw new OrreryException(ErrorCodes.WebSocketRequired, "The live route takes a WebSocket upgrade request.");
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = admitted.SubProtocol });
        var client = new WebSocketSubscriber(socket, admitted.Viewer!, options.Value.SendQueue, options.Value.MaxClientMessageBytes, time, logger);
        await connections.ServeAsync(gameId, client, resume, lifetime.ApplicationStopping);
        return Results.Empty;
    }

    public static async Task<Ok<LivePresenceResponse>> GetPresenceAsync(Guid gameId, GameOwners owners, CancellationToken cancellationToken) =>
        TypedResults.Ok(await owners.LivePresenceAsync(gameId, cancellationToken));

    public static IResult GetSchema()
    {
        var stream = typeof(LiveEndpoints).Assembly.GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"The resource {SchemaResource} is missing from the build.");
        return Results.Stream(stream, "application/schema+json");
    }

    public static Ok<IReadOnlyList<SessionPoolInfo>> GetPools(LiveSessions sessions) => TypedResults.Ok(sessions.Pools());

    public static async Task<NoContent> CrashPoolAsync(string poolId, LiveSessions sessions, CancellationToken cancellationToken)
    {
        await sessions.CrashPoolAsync(poolId, cancellationToken); // refused unless Orrery:Live:FaultInjection=true
        return TypedResults.NoContent();
    }

    /// <summary>Reads <c>session</c> and <c>lastSeq</c>: both or neither.</summary>
    internal static LiveResume? ReadResume(IQueryCollection query)
    {
        var session = query["session"].ToString();
        var lastSeq = query["lastSeq"].ToString();
        if (session.Length == 0 && lastSeq.Length == 0)
        {
            return null;
        }
        if (session.Length is 0 or > 64)
        {
            throw OrreryException.InvalidInput("session must be the session id of a message received, with lastSeq.");
        }
        if (!long.TryParse(lastSeq, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            throw OrreryException.InvalidInput("lastSeq must be the seq (a whole number) of the last message received, with session.");
        }
        return new LiveResume(session, seq);
    }
}

/// <summary>The wire shape of <see cref="LivePresence"/>.</summary>
/// <param name="Running">False when no session runs for the game (nobody connected for a while).</param>
[GenerateSerializer, Immutable]
public sealed record LivePresenceResponse(
    [property: Id(0)] Guid GameId,
    [property: Id(1)] bool Running,
    [property: Id(2)] int Connections,
    [property: Id(3)] IReadOnlyList<LivePlayerPresenceResponse> Players,
    [property: Id(4)] int Spectators)
{
    public static LivePresenceResponse From(LivePresence p) => new(
        p.GameId, p.Running, p.Connections, [.. p.Players.Select(x => new LivePlayerPresenceResponse(x.UserId, x.RaceName, x.Connections))], p.Spectators);
}

[GenerateSerializer, Immutable]
public sealed record LivePlayerPresenceResponse(
    [property: Id(0)] Guid UserId,
    [property: Id(1)] string RaceName,
    [property: Id(2)] int Connections);
