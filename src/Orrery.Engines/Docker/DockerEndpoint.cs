namespace Orrery.Engines.Docker;

/// <summary>The daemon's address: only <c>unix://</c> sockets (TLS over TCP is not implemented).</summary>
internal static class DockerEndpoint
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary><c>DOCKER_HOST</c> when it is set, as the docker CLI does, else the standard socket.</summary>
    public static string Default() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultSocket;

    /// <summary>The socket path of <c>unix:///path/docker.sock</c>, or null with the reason when it is not one.</summary>
    public static string? TryGetSocketPath(string endpoint, out string problem)
    {
        const string scheme = "unix://";
        problem = "";
        if (!endpoint.StartsWith(scheme, StringComparison.Ordinal))
        {
            problem = $"'{endpoint}' is not a unix socket endpoint (unix:///path/docker.sock); tcp:// and npipe:// are not supported.";
            return null;
        }
        var path = endpoint[scheme.Length..];
        if (!Path.IsPathFullyQualified(path))
        {
            problem = $"'{endpoint}' must name an absolute socket path, e.g. unix:///var/run/docker.sock.";
            return null;
        }
        return path;
    }
}
