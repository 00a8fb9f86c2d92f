using System.Globalization;

namespace Orrery.Engines.Docker;

/// <summary>Sizes as Docker's CLI writes them: a number of bytes with an optional <c>b k m g</c> suffix (powers of 1024).</summary>
internal static class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim().ToLowerInvariant();
        var (digits, multiplier) = trimmed[^1] switch
        {
            'b' => (trimmed[..^1], 1L),
            'k' => (trimmed[..^1], 1L << 10),
            'm' => (trimmed[..^1], 1L << 20),
            'g' => (trimmed[..^1], 1L << 30),
            _ => (trimmed, 1L),
        };
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > long.MaxValue / multiplier)
        {
            return false;
        }
        bytes = count * multiplier;
        return true;
    }
}
