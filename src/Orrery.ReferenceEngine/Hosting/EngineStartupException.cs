namespace Orrery.ReferenceEngine.Hosting;

/// <summary>
/// The engine cannot start (bad settings, unreadable state). Program prints the message
/// and exits non-zero, so Orrery sees a clear reason in the process output.
/// </summary>
internal sealed class EngineStartupException : Exception
{
    public EngineStartupException(string message)
        : base(message)
    {
    }

    public EngineStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
