namespace Orrery.Storage;

/// <summary>One page of a listing. <see cref="Number"/> is 1-based.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Number, int Size, long Total)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;
}
