namespace Orrery.Engines;

/// <summary>
/// An engine call that got no usable answer: no connection, a timeout, or a non-success status. Not sealed: a refusal
/// that callers must tell apart (<see cref="EngineTurnMismatchException"/>) derives from it, so code that does not
/// know it still treats it as a failed call.
/// </summary>
public class EngineCallException(string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status the engine answered with, or null when it did not answer.</summary>
    public int? StatusCode { get; } = statusCode;
}
