using System.Globalization;
using System.Runtime.InteropServices;

namespace Orrery.Engines.Docker;

/// <summary>The user Orrery runs as, in Docker's <c>uid:gid</c> form.</summary>
internal static partial class UnixIdentity
{
    /// <summary>
    /// Engines run as Orrery's own user by default: the state directories are Orrery's, mode 0750, and an engine
    /// of any other uid could not write its state (unless it ran as root, which is worse).
    /// </summary>
    public static string Current { get; } = string.Create(CultureInfo.InvariantCulture, $"{GetEffectiveUserId()}:{GetEffectiveGroupId()}");

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroupId();
}
