using Orrery.Errors;

namespace Orrery.Storage;

/// <summary>A validated 1-based page number and size.</summary>
public readonly record struct PageRequest(int Number, int Size)
{
    public int Offset => (Number - 1) * Size;

    public static PageRequest Create(int? number, int? size)
    {
        var (n, s) = (number ?? 1, size ?? Page<object>.DefaultSize);
        if (n < 1 || n > 1_000_000)
        {
            throw OrreryException.InvalidInput("page must be between 1 and 1000000.");
        }
        if (s < 1 || s > Page<object>.MaxSize)
        {
            throw OrreryException.InvalidInput($"pageSize must be between 1 and {Page<object>.MaxSize}.");
        }
        return new PageRequest(n, s);
    }
}
