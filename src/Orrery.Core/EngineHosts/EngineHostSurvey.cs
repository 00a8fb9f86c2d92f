using Microsoft.Extensions.Logging;
using Orrery.Observability;

namespace Orrery.EngineHosts;

/// <summary>
/// Asks every engine host this node drives how full it is (the fleet page, <c>orrery hosts</c>), all at once, in the
/// order configured. A host that cannot be asked is listed with its error; the others are measured all the same.
/// </summary>
public sealed partial class EngineHostSurvey(EngineHostFleet fleet, ILogger<EngineHostSurvey> logger)
{
    public async Task<IReadOnlyList<EngineHostUsage>> SurveyAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(fleet.Members.Select(member => MeasureAsync(member, cancellationToken)));

    private async Task<EngineHostUsage> MeasureAsync(EngineHostMember member, CancellationToken cancellationToken)
    {
        var engineHost = member.Host;
        var info = engineHost.Info;
        var (name, capacity) = (member.Name, member.Capacity);
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
        [LoggerMessage(LogEventIds.EngineHostSurvey.Unreachable, LogLevel.Warning, "Engine host {Name} at {Location} could not be measured")]
        public static partial void Unreachable(ILogger logger, string name, string location, Exception exception);
    }
}
