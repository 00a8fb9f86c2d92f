using System.Runtime.InteropServices;

namespace Orrery.Benchmarks;

/// <summary>Raises this process's open-file limit to its hard limit: 10,000 sockets on each side need it (children inherit it).</summary>
internal static partial class OpenFileLimit
{
    private const int RlimitNofile = 7;

    public static ulong Raise()
    {
        if (GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return 0;
        }
        limit.Current = limit.Max;
        return SetRLimit(RlimitNofile, in limit) == 0 ? limit.Current : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Max;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);
}
