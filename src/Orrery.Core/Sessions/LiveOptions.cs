namespace Orrery.Sessions;

/// <summary>
/// Settings of live sessions and their pools (configuration section <c>Orrery:Live</c>, SPEC §8's defaults). The
/// token settings of the same section belong to the node's token issuer.
/// </summary>
public sealed class LiveOptions
{
    public const string Section = "Orrery:Live";

    /// <summary>Most sessions one pool holds; a new pool starts when every pool is full. Default 10.</summary>
    public int PoolCapacity { get; set; } = 10;

    /// <summary>How long a session with no connection at all is kept before the idle GC stops it. Default 10 min.</summary>
    public TimeSpan IdleGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each pool backs up its sessions' state and its own. Default 1 min.</summary>
    public TimeSpan BackupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each pool drops closed connections and those whose player token expired. Default 5 min.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session start slower than this is logged and counted. Default 5 s.</summary>
    public TimeSpan SlowStartThreshold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Above this many queued work items a pool logs a warning, once per episode. Default 50.</summary>
    public int MailboxThreshold { get; set; } = 50;

    /// <summary>The messages a session keeps for clients that resume. Default 100.</summary>
    public int Backlog { get; set; } = 100;

    /// <summary>Messages a connection may have queued before it counts as fallen behind (closed with 1013). Default 256.</summary>
    public int SendQueue { get; set; } = 256;

    /// <summary>The largest client message; a larger one closes the connection with 1008. Default 4096 bytes.</summary>
    public int MaxClientMessageBytes { get; set; } = 4096;

    /// <summary>Allows crashing a pool on purpose (<see cref="LiveSessions.CrashPoolAsync"/>), for tests and drills. Default off.</summary>
    public bool FaultInjection { get; set; }
}
