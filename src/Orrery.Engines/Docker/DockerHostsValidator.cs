using System.Text.RegularExpressions;

namespace Orrery.Engines.Docker;

/// <summary>Every problem of <c>Orrery:Docker:Hosts</c>, each named by its index as the settings spell it.</summary>
internal static partial class DockerHostsValidator
{
    public static IEnumerable<string> Problems(IList<DockerHostOptions> hosts)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < hosts.Count; i++)
        {
            var host = hosts[i];
            var at = $"{nameof(DockerEngineHostOptions.Hosts)}:{i}";
            var name = DockerEngineHostOptions.NameOf(host, i);
            if (!HostName().IsMatch(name))
            {
                yield return $"{at}:{nameof(host.Name)} '{name}' must start with a letter or digit and hold only letters, digits, '_', '.' and '-' (at most 64).";
            }
            else if (!names.Add(name))
            {
                yield return $"{at}:{nameof(host.Name)} '{name}' is taken by another host: names tell hosts apart in engine ids.";
            }
            if (DockerEndpoint.TryGetSocketPath(host.Endpoint ?? "", out var problem) is not { } socket)
            {
                yield return $"{at}:{nameof(host.Endpoint)}: {problem}";
            }
            else if (!sockets.Add(socket))
            {
                yield return $"{at}:{nameof(host.Endpoint)} '{host.Endpoint}' is listed twice: one daemon's engines would be counted and listed twice.";
            }
            if (host.Capacity < 0)
            {
                yield return $"{at}:{nameof(host.Capacity)} is {host.Capacity}; it is the most engines the host may run, or 0 for no limit.";
            }
        }
    }

    /// <summary>No <see cref="Orrery.Engines.EngineIds.Separator"/>, so a name ends where an engine id's host part does.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$")]
    private static partial Regex HostName();
}
