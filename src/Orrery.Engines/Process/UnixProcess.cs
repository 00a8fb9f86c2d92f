using System.Globalization;
using System.Runtime.InteropServices;

namespace Orrery.Engines.Process;

/// <summary>
/// The few Linux process primitives the host needs and .NET does not offer: sending SIGTERM (Process.Kill
/// only sends SIGKILL) and reading <c>/proc/&lt;pid&gt;/stat</c> for processes that are not our children.
/// </summary>
internal static partial class UnixProcess
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const int Esrch = 3;

    /// <summary>True while the process named by pid and start time exists and has not exited (zombies have).</summary>
    public static bool IsAlive(int pid, ulong startTime) =>
        TryReadStat(pid) is { } stat && stat.StartTime == startTime && stat.State is not ('Z' or 'X' or 'x');

    /// <summary>Sends a signal; false when the process no longer exists.</summary>
    /// <exception cref="IOException">The kernel refused (e.g. EPERM: the pid belongs to another user).</exception>
    public static bool Signal(int pid, int signal)
    {
        if (pid <= 0)
        {
            // kill(0, ...) and kill(-n, ...) address whole process groups: never let a bad manifest do that.
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "Only single processes may be signalled.");
        }
        if (Kill(pid, signal) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == Esrch ? false : throw new IOException($"kill({pid}, {signal}) failed with errno {errno}.");
    }

    /// <summary>
    /// Reads <c>/proc/&lt;pid&gt;/stat</c>, or null when the process does not exist. A synchronous read is fine:
    /// procfs answers from kernel memory and never blocks on a disk.
    /// </summary>
    public static ProcessStat? TryReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            // Not found, or gone between open and read: either way there is no such process.
            return null;
        }
        return ProcessStat.Parse(text);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
