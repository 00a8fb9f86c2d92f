namespace Orrery.Engines;

/// <summary>
/// Engine ids of a node that drives several engine hosts: <c>&lt;host name&gt;/&lt;host's own id&gt;</c>, e.g.
/// <c>docker-b/3f2c…</c>, so that the id alone says which daemon to ask. A node with one host keeps the host's own id
/// (a plain container id), as every record written before several hosts existed does (docs/decisions.md).
/// </summary>
public static class EngineIds
{
    /// <summary>Between the host name and the host's own id. Neither host names nor container ids contain it.</summary>
    public const char Separator = '/';

    public static string Compose(string hostName, string localId) => hostName + Separator + localId;

    /// <summary>Splits a composed id; false for a plain one (no host named), whose <paramref name="localId"/> is the id itself.</summary>
    public static bool TrySplit(string engineId, out string hostName, out string localId)
    {
        var separator = engineId.IndexOf(Separator, StringComparison.Ordinal);
        if (separator <= 0 || separator == engineId.Length - 1)
        {
            (hostName, localId) = ("", engineId);
            return false;
        }
        (hostName, localId) = (engineId[..separator], engineId[(separator + 1)..]);
        return true;
    }
}
