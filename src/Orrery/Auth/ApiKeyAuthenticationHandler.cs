using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orrery.Api;
using Orrery.Errors;

namespace Orrery.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> against the configured keys. Keys are kept as
/// SHA-256 digests and compared in constant time. With no keys configured every caller is an admin
/// (open local mode; <see cref="LoopbackGuard"/> keeps that off the network).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRing keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
        {
            return Task.FromResult(Success("local", Roles.Admin));
        }

        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <api key>'."));
        }

        var match = keys.Find(header["Bearer ".Length..].Trim());
        return Task.FromResult(match is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : Success(match.Value.Name, match.Value.Role));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(Context, ErrorCodes.Unauthorized, "A valid API key is required: send 'Authorization: Bearer <api key>'.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemResponses.WriteAsync(Context, ErrorCodes.Forbidden, "The API key's role does not allow this call.");

    private AuthenticateResult Success(string name, string role)
    {
        var claims = Roles.Granted(role).Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
