using Npgsql;

namespace Orrery.Persistence.Postgres;

/// <summary>Which failures are worth another attempt: the server or the connection went away, or the server asked for one.</summary>
internal static class PostgresTransientErrors
{
    // Npgsql's IsTransient covers network errors, timeouts and the "cannot connect now" family; a backend killed
    // by an administrator, a failover or a restart arrives as one of these states first.
    private static readonly HashSet<string> TransientStates =
    [
        PostgresErrorCodes.AdminShutdown,       // 57P01: pg_terminate_backend, a fast shutdown
        PostgresErrorCodes.CrashShutdown,       // 57P02
        PostgresErrorCodes.CannotConnectNow,    // 57P03: starting up or in recovery
        PostgresErrorCodes.SerializationFailure, // 40001: the transaction was rolled back, repeating it is the cure
        PostgresErrorCodes.DeadlockDetected,    // 40P01: likewise
    ];

    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || TransientStates.Contains(postgres.SqlState)
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal), // connection exceptions
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };
}
