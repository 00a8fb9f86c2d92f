using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>
/// Asks every engine host this node drives how full it is (the fleet page, <c>orrery hosts</c>). Today a node drives
/// one host, named by its kind; the answer is a list so that several hosts (SPEC §10) fit it unchanged.
/// </summary>
public sealed partial class EngineHostSurvey(IEngineHost host, IOptions<EngineCapacityOptions> options, ILogger<EngineHostSurvey> logger)
{
    public async Task<IReadOnlyList<EngineHostUsage>> SurveyAsync(CancellationToken cancellationToken) =>
        [await MeasureAsync(host, cancellationToken)];

    private async Task<EngineHostUsage> MeasureAsync(IEngineHost engineHost, CancellationToken cancellationToken)
    {
        var info = engineHost.Info;
        var name = info.Kind;
        var capacity = options.Value.Limit;
        try
        {
            var engines = engineHost.ListAsync(cancellationToken);
            var resources = engineHost.GetResourcesAsync(cancellationToken);
            await Task.WhenAll(engines, resources); // observes both failures, not only the first awaited
            return EngineHostUsage.Measured(name, info, capacity, await engines, await resources);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever the adapter throws (a daemon that is down, a socket refused, a timeout), the report says so for
            // this host instead of failing for all of them: an operator looks here precisely when a host is in trouble.
            Log.Unreachable(logger, name, info.Location, ex);
            return EngineHostUsage.Unreachable(name, info, capacity, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1502, LogLevel.Warning, "Engine host {Name} at {Location} could not be measured")]
        public static partial void Unreachable(ILogger logger, string name, string location, Exception exception);
    }
}
