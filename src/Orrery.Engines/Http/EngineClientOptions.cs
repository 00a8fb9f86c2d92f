namespace Orrery.Engines.Http;

/// <summary>Timeouts and connection settings for calls to engines (SPEC §12).</summary>
public sealed class EngineClientOptions
{
    /// <summary>Longest wait for init, status and health calls. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for one turn, which generates a whole game turn. Default 10 min (SPEC §3).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait for a TCP connection. Engines are local or on the Docker network, so it is short. Default 2 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long one pooled connection is reused. A replaced engine may come back on the same endpoint (Docker)
    /// or a freed port may be reused by another game's engine, so connections must not live forever. Default 1 min.
    /// </summary>
    public TimeSpan PooledConnectionLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest response body accepted; an engine answering more is treated as failed. Default 4 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;
}
