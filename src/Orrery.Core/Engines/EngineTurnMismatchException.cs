namespace Orrery.Engines;

/// <summary>
/// The engine refused a fenced turn call (409 <c>turn_mismatch</c>): its current turn is not the one the caller expected,
/// and it generated nothing. <see cref="ActualTurn"/> tells a turn already played (one ahead) from an engine out of step.
/// </summary>
public sealed class EngineTurnMismatchException(string message, int expectedTurn, int actualTurn)
    : EngineCallException(message, ConflictStatus)
{
    /// <summary>The HTTP status of a turn mismatch.</summary>
    public const int ConflictStatus = 409;

    /// <summary>The error code of a turn mismatch in the engine's problem body.</summary>
    public const string Code = "turn_mismatch";

    /// <summary>The turn the caller expected the engine to be at.</summary>
    public int ExpectedTurn { get; } = expectedTurn;

    /// <summary>The turn the engine says it is at.</summary>
    public int ActualTurn { get; } = actualTurn;
}
