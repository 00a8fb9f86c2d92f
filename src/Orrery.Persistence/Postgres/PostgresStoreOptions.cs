using Orrery.Settings;

namespace Orrery.Persistence.Postgres;

/// <summary>How the PostgreSQL store connects and retries (section <c>Orrery:Postgres</c>; the connection string is <c>ConnectionStrings:Postgres</c>).</summary>
public sealed class PostgresStoreOptions
{
    public const string Section = "Orrery:Postgres";

    /// <summary>An Npgsql connection string. Pooling, its size and timeouts are set here (<c>Maximum Pool Size</c>, <c>Timeout</c>, ...).</summary>
    [ConnectionString]
    public string ConnectionString { get; set; } = "";

    /// <summary>How many times an idempotent operation is repeated after a transient failure (0: never). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The wait before the first repeat; it doubles with each further one, with jitter. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Cluster mode: a shard is taken, and a fenced write made, only while the shard's owner is an Active member in
    /// Orleans' membership table (<c>orleansmembershiptable</c>, same database, the owner's cluster id as
    /// DeploymentId), besides holding the shard's current epoch. Off (default): only epochs count, as for a single
    /// node on localhost clustering, which writes no membership rows. Set by the node when cluster mode is on.
    /// </summary>
    public bool FenceOnMembership { get; set; }
}
