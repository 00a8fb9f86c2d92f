namespace Orrery.Engines;

/// <summary>Speaks the engine HTTP contract (SPEC §12).</summary>
public interface IEngineClient
{
    /// <summary>True when <c>GET /healthz</c> answered 200 before the token fired.</summary>
    Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken);

    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken);

    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken);

    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> GenerateTurnAsync(Uri endpoint, CancellationToken cancellationToken);
}

/// <summary>An engine call that got no usable answer: no connection, a timeout, or a non-success status.</summary>
public sealed class EngineCallException(string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status the engine answered with, or null when it did not answer.</summary>
    public int? StatusCode { get; } = statusCode;
}
