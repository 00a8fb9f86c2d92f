using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Authentication;
using Orrery.Api;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Storage;

namespace Orrery.Sessions;

/// <summary>
/// Decides, before the WebSocket upgrade, who a live connection is (docs/live-sessions.md, "Connecting"): a member with
/// a player token, or a spectator with an API key of the viewer role or above. A refusal says only its code: never
/// which check of a token failed, and the token itself is never logged.
/// </summary>
public sealed partial class LiveAdmission
{
    /// <summary>The WebSocket subprotocol of live sessions; a browser sends the token as a second protocol beside it.</summary>
    public const string SubProtocol = "orrery.live.v1";
    public const string AccessTokenParameter = "access_token";

    private readonly IGameStore _games;
    private readonly LiveTokens _tokens;
    private readonly ILogger<LiveAdmission> _logger;
    private readonly Counter<long> _refused;

    public LiveAdmission(IGameStore games, LiveTokens tokens, IMeterFactory meters, ILogger<LiveAdmission> logger)
    {
        _games = games;
        _tokens = tokens;
        _logger = logger;
        _refused = meters.Create(OrreryTelemetry.Name).CreateCounter<long>(
            "orrery.live.admissions_refused", "{connection}", "Live connections refused before the upgrade, by code.");
    }

    public async Task<LiveAdmissionResult> AdmitAsync(HttpContext http, Guid gameId, CancellationToken cancellationToken)
    {
        var game = await _games.GetAsync(gameId, cancellationToken);
        if (game is null)
        {
            return Refuse(gameId, ErrorCodes.NotFound, $"Game {gameId} is not registered.");
        }

        var (token, subProtocol) = Credentials(http);
        if (token is null)
        {
            return await AdmitSpectatorAsync(http, gameId, subProtocol);
        }

        var check = await _tokens.ValidateAsync(token, gameId);
        return check.Outcome switch
        {
            LiveTokenOutcome.Invalid => Refuse(gameId, ErrorCodes.InvalidToken, "The player token is not valid; ask the lobby for a new one."),
            LiveTokenOutcome.WrongGame => Refuse(gameId, ErrorCodes.WrongGame, "The player token is for another game."),
            _ when !game.HasMember(check.UserId!.Value) => Refuse(gameId, ErrorCodes.NotMember, "The player is no longer a member of this game."),
            _ => LiveAdmissionResult.Admit(LiveViewer.Player(check.UserId!.Value, check.ExpiresAt!.Value), subProtocol),
        };
    }

    /// <summary>
    /// The token from the query or from the offered subprotocols (the value beside <see cref="SubProtocol"/>), and the
    /// subprotocol to select: <see cref="SubProtocol"/> whenever the client offered it, since a browser that offered
    /// protocols fails a handshake that selects none.
    /// </summary>
    private static (string? Token, string? SubProtocol) Credentials(HttpContext http)
    {
        var offered = http.WebSockets.WebSocketRequestedProtocols;
        var subProtocol = offered.Contains(SubProtocol) ? SubProtocol : null;
        string? query = http.Request.Query[AccessTokenParameter];
        if (!string.IsNullOrEmpty(query))
        {
            return (query, subProtocol);
        }
        var fromProtocol = subProtocol is null ? null : offered.FirstOrDefault(p => p != SubProtocol && p.Length > 0);
        return (fromProtocol, subProtocol);
    }

    private async Task<LiveAdmissionResult> AdmitSpectatorAsync(HttpContext http, Guid gameId, string? subProtocol)
    {
        // The live route lets anonymous requests through to here, so the key is checked now, by the API's own scheme.
        var key = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (!key.Succeeded)
        {
            return Refuse(gameId, ErrorCodes.Unauthorized, "A player token (access_token) or an API key with the viewer role is required.");
        }
        return key.Principal.IsInRole(Roles.Viewer)
            ? LiveAdmissionResult.Admit(LiveViewer.Spectator(key.Principal.Identity?.Name ?? Roles.Viewer), subProtocol)
            : Refuse(gameId, ErrorCodes.Forbidden, "The API key's role does not allow watching games.");
    }

    private LiveAdmissionResult Refuse(Guid gameId, string code, string detail)
    {
        _refused.Add(1, new KeyValuePair<string, object?>("code", code));
        Log.Refused(_logger, gameId, code);
        return new LiveAdmissionResult(TypedResults.Problem(ProblemResponses.Create(code, detail)), null, null);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.LiveAdmission.Refused, LogLevel.Debug, "Refused a live connection to game {GameId}: {Code}")]
        public static partial void Refused(ILogger logger, Guid gameId, string code);
    }
}

/// <summary>
/// What <see cref="LiveAdmission.AdmitAsync"/> decided: either a <see cref="Problem"/> to answer with (no upgrade), or the
/// <see cref="Viewer"/> to join the session as, accepting the WebSocket with <see cref="SubProtocol"/> (null: none).
/// </summary>
public sealed record LiveAdmissionResult(IResult? Problem, LiveViewer? Viewer, string? SubProtocol)
{
    [MemberNotNullWhen(true, nameof(Viewer))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Admitted => Viewer is not null;

    public static LiveAdmissionResult Admit(LiveViewer viewer, string? subProtocol) => new(null, viewer, subProtocol);
}
