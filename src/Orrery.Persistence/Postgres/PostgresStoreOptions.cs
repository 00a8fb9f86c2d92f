namespace Orrery.Persistence.Postgres;

/// <summary>How the PostgreSQL store connects and retries (section <c>Orrery:Postgres</c>; the connection string is <c>ConnectionStrings:Postgres</c>).</summary>
public sealed class PostgresStoreOptions
{
    public const string Section = "Orrery:Postgres";

    /// <summary>An Npgsql connection string. Pooling, its size and timeouts are set here (<c>Maximum Pool Size</c>, <c>Timeout</c>, ...).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How many times an idempotent operation is repeated after a transient failure (0: never). Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The wait before the first repeat; it doubles with each further one, with jitter. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
