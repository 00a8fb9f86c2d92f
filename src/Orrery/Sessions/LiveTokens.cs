using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orrery.Sessions;

/// <summary>
/// Mints and checks player tokens (SPEC §8): JWTs signed with HS256 carrying <c>sub</c> (the user id),
/// <c>gid</c> (the game id), <c>iat</c>, <c>exp</c> and <c>jti</c>, plus <c>iss</c> and <c>aud</c> so that no other
/// token signed with the same key passes for one. Time comes from the injected <see cref="TimeProvider"/>; there is no
/// clock skew allowance: the node that mints is the node's clock that checks (replicas keep their clocks in sync).
/// </summary>
public sealed class LiveTokens
{
    public const string GameIdClaim = "gid";
    private const string Issuer = "orrery";
    private const string Audience = "orrery.live";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false, MapInboundClaims = false };
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly SigningCredentials _signing;
    private readonly TokenValidationParameters _validation;

    public LiveTokens(IOptions<LiveTokenOptions> options, TimeProvider time)
    {
        _time = time;
        _lifetime = options.Value.TokenLifetime;
        // The validator has refused undecodable keys at start.
        var keys = options.Value.SigningKeys.Select(k => LiveSigningKeys.ToSecurityKey(LiveSigningKeys.Decode(k)!)).ToList();
        _signing = new SigningCredentials(keys[0], SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            // The handler's own lifetime check reads the system clock; this one reads the injected clock, with no skew.
            LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, _time.GetUtcNow().UtcDateTime),
        };
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } end && now <= end && (notBefore is not { } start || start <= now);

    /// <summary>A token for <paramref name="userId"/> in <paramref name="gameId"/>, valid until its <see cref="LiveToken.ExpiresAt"/> (whole seconds, as in <c>exp</c>).</summary>
    public LiveToken Mint(Guid gameId, Guid userId)
    {
        var now = _time.GetUtcNow();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + _lifetime).ToUnixTimeSeconds());
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = _signing,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString("D"),
                [GameIdClaim] = gameId.ToString("D"),
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
        });
        return new LiveToken(token, expiresAt);
    }

    /// <summary>
    /// Whether <paramref name="token"/> is a current token of this node's keys for <paramref name="gameId"/>. A forged,
    /// malformed or expired token, or one signed by a key no longer configured, is <see cref="LiveTokenOutcome.Invalid"/>.
    /// </summary>
    public async Task<LiveTokenCheck> ValidateAsync(string? token, Guid gameId)
    {
        if (string.IsNullOrEmpty(token))
        {
            return LiveTokenCheck.Invalid;
        }
        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid
            || result.SecurityToken is not JsonWebToken jwt
            || !Guid.TryParse(jwt.Subject, out var userId)
            || !jwt.TryGetPayloadValue<string>(GameIdClaim, out var gid)
            || !Guid.TryParse(gid, out var tokenGameId))
        {
            return LiveTokenCheck.Invalid;
        }
        return tokenGameId == gameId
            ? new LiveTokenCheck(LiveTokenOutcome.Valid, userId, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero))
            : LiveTokenCheck.WrongGame;
    }
}

/// <summary>A minted player token and when it expires.</summary>
public sealed record LiveToken(string Token, DateTimeOffset ExpiresAt);

public enum LiveTokenOutcome
{
    Valid,
    /// <summary>Forged, malformed, expired or signed by an unknown key: which one is not told.</summary>
    Invalid,
    /// <summary>A valid token of another game.</summary>
    WrongGame,
}

/// <summary>What <see cref="LiveTokens.ValidateAsync"/> found; <see cref="UserId"/> and <see cref="ExpiresAt"/> are set when valid.</summary>
public sealed record LiveTokenCheck(LiveTokenOutcome Outcome, Guid? UserId = null, DateTimeOffset? ExpiresAt = null)
{
    public static readonly LiveTokenCheck Invalid = new(LiveTokenOutcome.Invalid);
    public static readonly LiveTokenCheck WrongGame = new(LiveTokenOutcome.WrongGame);
}
