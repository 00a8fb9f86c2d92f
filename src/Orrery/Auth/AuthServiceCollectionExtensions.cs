using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>API key authentication plus one authorization policy per role (named after the role).</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddValidatedOptions<ApiKeyOptions, ApiKeyOptionsValidator>(ApiKeyOptions.Section).BindConfiguration(ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyRing>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.Viewer))
            .AddPolicy(Roles.Lobby, p => p.RequireRole(Roles.Lobby))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }
}
