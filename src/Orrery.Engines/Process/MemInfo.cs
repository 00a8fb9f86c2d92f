using System.Globalization;

namespace Orrery.Engines.Process;

/// <summary>The machine's memory from <c>/proc/meminfo</c> (see proc(5)), where the process host's engines run.</summary>
internal static class MemInfo
{
    public const string Path = "/proc/meminfo";

    /// <summary><c>MemTotal</c> in bytes, or null where there is no such file (not Linux) or it does not say.</summary>
    public static async Task<long?> ReadTotalBytesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return ParseTotalBytes(await File.ReadAllTextAsync(Path, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The <c>MemTotal:   24684312 kB</c> line; the kernel always writes kB, meaning KiB.</summary>
    public static long? ParseTotalBytes(string meminfo)
    {
        foreach (var line in meminfo.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                continue;
            }
            var value = line["MemTotal:".Length..].Trim();
            if (value.EndsWith("kB", StringComparison.Ordinal)
                && long.TryParse(value[..^2].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                && kib is > 0 and <= long.MaxValue / 1024)
            {
                return kib * 1024;
            }
            return null;
        }
        return null;
    }
}
