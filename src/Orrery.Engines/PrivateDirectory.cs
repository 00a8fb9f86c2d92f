namespace Orrery.Engines;

/// <summary>
/// Creates directories that only the owner and its group may enter (0750): engine state and manifests
/// are not secrets, but a world-writable directory would let any local user plant a manifest or state
/// that Orrery then trusts.
/// </summary>
internal static class PrivateDirectory
{
    public const UnixFileMode Mode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>
    /// A directory Orrery owns outright (a game's state directory): created if missing, and its mode set
    /// to 0750 every time, so the result never depends on the umask or on what happened to it before.
    /// </summary>
    public static string EnsureOwned(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Engine directories need Unix file modes.");
        }
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(fullPath, Mode);
        RefuseSymlink(fullPath);
        File.SetUnixFileMode(fullPath, Mode);
        return fullPath;
    }

    /// <summary>
    /// A directory the operator configured (the state root, the engines directory): created with 0750 when
    /// missing, but an existing one is never chmod-ed (it might be shared, e.g. a misconfigured /tmp);
    /// a world-writable one is refused instead.
    /// </summary>
    public static string EnsureConfigured(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Engine directories need Unix file modes.");
        }
        var fullPath = Path.GetFullPath(path);
        if (!Directory.Exists(fullPath))
        {
            Directory.CreateDirectory(fullPath, Mode);
            File.SetUnixFileMode(fullPath, Mode);
            return fullPath;
        }
        RefuseSymlink(fullPath);
        if ((File.GetUnixFileMode(fullPath) & UnixFileMode.OtherWrite) != 0)
        {
            throw new IOException($"{fullPath} is world-writable; give Orrery a directory only it (and its group) can write.");
        }
        return fullPath;
    }

    private static void RefuseSymlink(string fullPath)
    {
        // A symlink could point anywhere, e.g. into another game's state: refuse rather than follow it.
        if (new DirectoryInfo(fullPath).LinkTarget is not null)
        {
            throw new IOException($"{fullPath} is a symbolic link; Orrery only uses real directories.");
        }
    }
}
