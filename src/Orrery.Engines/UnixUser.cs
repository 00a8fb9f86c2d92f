using System.Runtime.InteropServices;

namespace Orrery.Engines;

/// <summary>The user this process runs as, for engines that must write what the node created.</summary>
public static partial class UnixUser
{
    /// <summary><c>uid:gid</c> of this process.</summary>
    public static string Current => $"{GetUid()}:{GetGid()}";

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    [LibraryImport("libc", EntryPoint = "getgid")]
    private static partial uint GetGid();
}
