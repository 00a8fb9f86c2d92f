using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orrery.Cluster;
using Orrery.Sessions;
using Orrery.Settings;
using Orrery.Specs.Instances;
using Orrery.Storage;

namespace Orrery.Persistence.Postgres;

public static class PostgresStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers every storage port over one PostgreSQL database (production mode), sharing one pooled
    /// <see cref="NpgsqlDataSource"/>. The database must exist; run <see cref="IStoreMigrator"/> before serving
    /// (replicas starting together migrate it once). Writes on behalf of a game are fenced: the stores take each
    /// game's fence from the <see cref="IOwnerFences"/> the caller registers (the node registers its ownership).
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string (<c>ConnectionStrings:Postgres</c>).</param>
    /// <param name="configure">Changes the retry settings of <see cref="PostgresStoreOptions"/>.</param>
    /// <exception cref="ArgumentException">The connection string is empty or not one Npgsql understands; the message never repeats it.</exception>
    public static IServiceCollection AddPostgresStore(
        this IServiceCollection services, string connectionString, Action<PostgresStoreOptions>? configure = null)
    {
        var options = new PostgresStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        // Checked now, before the data source is built from them; thrown as an argument error, which the node reports in one line.
        if (new PostgresStoreOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage);
        }
        // The same values through the options pipeline: validated when the host starts, and logged (without the password).
        services.AddValidatedOptions<PostgresStoreOptions, PostgresStoreOptionsValidator>(PostgresStoreOptions.Section).Configure(o =>
        {
            o.ConnectionString = connectionString;
            configure?.Invoke(o);
        });
        var builder = CreateDataSourceBuilder(options);

        services.TryAddSingleton(TimeProvider.System);
        // One data source per process: it owns the connection pool.
        services.AddSingleton(provider => new PostgresDatabase(
            builder.UseLoggerFactory(provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).Build(),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<PostgresDatabase>>() ?? NullLogger<PostgresDatabase>.Instance));
        services.AddSingleton<IStoreMigrator, PostgresStoreMigrator>();
        services.AddSingleton<IGameStore, PostgresGameStore>();
        services.AddSingleton<IEngineVersionStore, PostgresEngineVersionStore>();
        services.AddSingleton<IRuntimeStore, PostgresRuntimeStore>();
        services.AddSingleton<IPlayerMappingStore, PostgresPlayerMappingStore>();
        services.AddSingleton<IHealthSnapshotStore, PostgresHealthSnapshotStore>();
        services.AddSingleton<IOperationStore, PostgresOperationStore>();
        services.AddSingleton<IPlayerStatsStore, PostgresPlayerStatsStore>();
        services.AddSingleton<IShardLeaseStore, PostgresShardLeaseStore>();
        services.AddSingleton<ISessionPoolStore, PostgresSessionPoolStore>();
        services.AddSingleton<ISpecInstanceStore, PostgresSpecInstanceStore>();
        return services;
    }

    /// <summary>The data source settings of <paramref name="options"/>, with Orrery's defaults where the connection string says nothing.</summary>
    internal static NpgsqlDataSourceBuilder CreateDataSourceBuilder(PostgresStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("ConnectionStrings:Postgres is empty; the PostgreSQL store needs a connection string.", nameof(options));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetryAttempts, nameof(options.MaxRetryAttempts));

        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // Npgsql names the offending keyword, never the values (a password among them).
            throw new ArgumentException($"ConnectionStrings:Postgres is not a valid Npgsql connection string: {ex.Message}", nameof(options), ex);
        }

        var settings = builder.ConnectionStringBuilder;
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "orrery"; // shows in pg_stat_activity
        }
        // The store keeps no session state (no SET, temp tables, LISTEN or session locks; its advisory lock is
        // transaction-level), so a connection going back to the pool needs no reset: otherwise Npgsql sends one
        // ahead of the first command of every operation.
        settings.NoResetOnClose = true;
        if (settings.MaxAutoPrepare == 0)
        {
            // The store runs a few dozen distinct statements, the CAS and inserts many times a second: prepared
            // once per pooled connection, each saves its parse and plan.
            settings.MaxAutoPrepare = 64;
        }
        return builder;
    }
}
