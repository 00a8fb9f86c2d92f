using System.Globalization;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>
/// Decides where the engine listens. Order: an explicit <c>--urls</c> argument, then
/// <c>ENGINE_PORT</c> (loopback only), then the host's own settings
/// (<c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>, ...), then a loopback default.
/// ENGINE_PORT beats ASPNETCORE_URLS because a spawned engine inherits the environment
/// of an ASP.NET Core parent, whose own URLs must not leak into the child.
/// </summary>
internal static class ListenUrls
{
    public const string EnginePortKey = "ENGINE_PORT";
    public const string Default = "http://127.0.0.1:8080";

    /// <summary>Sets the URLs on the builder when the host's own choice is not the one to use.</summary>
    public static void Apply(WebApplicationBuilder builder, string[] args)
    {
        var commandLine = new ConfigurationBuilder().AddCommandLine(args).Build();
        var configuration = builder.Configuration;
        var urls = Choose(
            commandLine["urls"],
            configuration[EnginePortKey],
            configuration["urls"] ?? configuration["http_ports"] ?? configuration["https_ports"]);
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }
    }

    /// <summary>The URLs to force, or null to keep what the host was configured with.</summary>
    /// <exception cref="EngineStartupException">ENGINE_PORT is not a TCP port.</exception>
    public static string? Choose(string? commandLineUrls, string? enginePort, string? hostSetting)
    {
        if (!string.IsNullOrWhiteSpace(commandLineUrls))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(enginePort))
        {
            if (!int.TryParse(enginePort, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new EngineStartupException($"{EnginePortKey} must be a TCP port (1-65535), not '{enginePort}'.");
            }

            return string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        }

        return string.IsNullOrWhiteSpace(hostSetting) ? Default : null;
    }
}
