namespace Orrery.Specs;

/// <summary>A <c>.spex</c> text that cannot be read: where (file and line, 0 when not tied to a line) and why.</summary>
public sealed class SpexFormatException(string? source, int line, string reason)
    : Exception(line > 0 ? $"{source ?? "spex"}:{line}: {reason}" : $"{source ?? "spex"}: {reason}")
{
    public string? File { get; } = source;

    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
