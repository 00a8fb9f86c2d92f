using System.Net;

namespace Orrery.Auth;

/// <summary>
/// The rule that keeps an open API off the network: with no API keys the node may listen on loopback
/// addresses only, and refuses to start otherwise.
/// </summary>
public static class LoopbackGuard
{
    /// <summary>True when every URL binds a loopback host (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopbackOnly(IEnumerable<string> urls) => urls.All(IsLoopback);

    public static bool IsLoopback(string url)
    {
        // Kestrel's wildcards ("http://*:80", "http://+:80") do not parse as URIs and bind every interface.
        if (!Uri.TryCreate(url.Replace("://*", "://wildcard.invalid").Replace("://+", "://wildcard.invalid"), UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
