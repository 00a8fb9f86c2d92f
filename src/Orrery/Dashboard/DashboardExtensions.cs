using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Orrery.Dashboard;

/// <summary>
/// The operator dashboard (SPEC §11): static HTML, CSS and JavaScript modules embedded in the binary and served at
/// <c>/</c>. The pages hold no data of their own, so they are public; everything they show comes from the API with
/// the operator's key.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>The logical names of the embedded files start with this (see Orrery.csproj).</summary>
    private const string ResourcePrefix = "Orrery.Dashboard.assets";

    private static readonly EmbeddedFileProvider Files = new(typeof(DashboardExtensions).Assembly, ResourcePrefix);

    /// <summary>
    /// The player's page, <c>/play/{gameId}?token=...</c> (SPEC §8): static like the dashboard; the token it is given
    /// is what lets it follow the game's live session.
    /// </summary>
    public static IEndpointRouteBuilder MapPlayerPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/play/{gameId:guid}", (HttpContext http) =>
            {
                var page = Files.GetFileInfo("play.html");
                http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                // The page's address carries a token: it must not leak to other sites through the Referer header.
                http.Response.Headers["Referrer-Policy"] = "no-referrer";
                return Results.Stream(page.CreateReadStream(), "text/html; charset=utf-8");
            })
            .ExcludeFromDescription()
            .AllowAnonymous();
        return app;
    }

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,
            // Small files, and a new binary must not be shown with the old scripts.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
