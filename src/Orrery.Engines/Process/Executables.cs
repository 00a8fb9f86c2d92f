namespace Orrery.Engines.Process;

/// <summary>Finds programs the way a shell would, without starting one.</summary>
internal static class Executables
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>True for an existing regular file with an execute bit (the kernel still has the last word).</summary>
    public static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;

    /// <summary>The first executable <paramref name="name"/> on PATH, then in <paramref name="fallbacks"/>; null if none.</summary>
    public static string? Find(string name, params ReadOnlySpan<string> fallbacks)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (Path.IsPathFullyQualified(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        foreach (var candidate in fallbacks)
        {
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// The <c>dotnet</c> host to run a framework-dependent dll with: the one running Orrery when it was
    /// started through it, else DOTNET_ROOT, PATH and the usual install locations.
    /// </summary>
    public static string? FindDotnetHost()
    {
        var current = System.Environment.ProcessPath;
        if (current is not null && Path.GetFileName(current) == "dotnet")
        {
            return current;
        }
        var hostPath = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && IsExecutable(hostPath))
        {
            return hostPath;
        }
        var root = System.Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && IsExecutable(Path.Combine(root, "dotnet")))
        {
            return Path.Combine(root, "dotnet");
        }
        return Find("dotnet", "/usr/share/dotnet/dotnet", "/usr/lib/dotnet/dotnet", "/usr/local/share/dotnet/dotnet");
    }
}
