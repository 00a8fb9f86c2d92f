using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;

namespace Orrery.Specs.Instances;

/// <summary>
/// Brings spec instances up and down with the node: the specifications and the learned models are read at start (if the
/// cluster did not hand the node a shard first, see <see cref="SpecShardOwnership"/>, which starts and stops the shards
/// with their ownership). On stopping, the shards still running finish their queues and the models are written to
/// <see cref="SpecOptions.ModelExportDirectory"/>.
/// </summary>
public sealed partial class SpecShardHost(
    SpecShards shards, SpecLoading loading, SpecRegistry registry, SpecModelExport export,
    IOptions<SpecOptions> options, ILogger<SpecShardHost> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await loading.EnsureLoadedAsync(cancellationToken);
        Log.Started(logger, shards.Count, registry.List().Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Enumerable.Range(0, shards.Count).Select(i => shards.StopAsync(i, cancellationToken)));
        if (options.Value.ModelExportDirectory is { Length: > 0 } directory)
        {
            try
            {
                var files = await export.ExportAsync(directory, cancellationToken);
                Log.Exported(logger, files.Count, directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.ExportFailed(logger, directory, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.SpecShardHost.Started, LogLevel.Information, "Spec instances: {Shards} shards, started with their ownership; {Specs} specifications registered")]
        public static partial void Started(ILogger logger, int shards, int specs);

        [LoggerMessage(LogEventIds.SpecShardHost.Exported, LogLevel.Information, "Wrote {Count} implementation models to {Directory}")]
        public static partial void Exported(ILogger logger, int count, string directory);

        [LoggerMessage(LogEventIds.SpecShardHost.ExportFailed, LogLevel.Error, "Could not write the implementation models to {Directory}")]
        public static partial void ExportFailed(ILogger logger, string directory, Exception exception);
    }
}
