using Microsoft.Extensions.Options;
using Orrery.Observability;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Hosting;

/// <summary>
/// Runs before every other hosted service: migrates the store and, at first start, registers engine version
/// 1.0.0 as the bundled reference engine (binary or image, by engine host) so a new user only registers a game
/// and starts it.
/// </summary>
internal sealed partial class StoreInitializer(
    IStoreMigrator migrator,
    IEngineVersionStore versions,
    IOptions<NodeOptions> node,
    TimeProvider time,
    ILogger<StoreInitializer> logger) : IHostedService
{
    public static readonly SemVersion BundledVersion = SemVersion.Parse("1.0.0");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        if (applied.Count > 0)
        {
            Log.Migrated(logger, string.Join(", ", applied));
        }

        // Only at first start: an admin may later point 1.0.0 elsewhere or deprecate it.
        if (await versions.GetAsync(BundledVersion, cancellationToken) is null)
        {
            await versions.UpsertAsync(new EngineVersion(BundledVersion, node.Value.BundledEngineImageRef, false, time.GetUtcNow()), cancellationToken);
            Log.RegisteredBundledEngine(logger, BundledVersion.ToString(), node.Value.BundledEngineImageRef);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.StoreInitializer.Migrated, LogLevel.Information, "Applied store migrations {Versions}")]
        public static partial void Migrated(ILogger logger, string versions);

        [LoggerMessage(LogEventIds.StoreInitializer.RegisteredBundledEngine, LogLevel.Information, "Registered engine version {Version} as the bundled reference engine ({ImageRef})")]
        public static partial void RegisteredBundledEngine(ILogger logger, string version, string imageRef);
    }
}
