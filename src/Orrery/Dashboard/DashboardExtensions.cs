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

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app)
    {
        var files = new EmbeddedFileProvider(typeof(DashboardExtensions).Assembly, ResourcePrefix);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Small files, and a new binary must not be shown with the old scripts.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
