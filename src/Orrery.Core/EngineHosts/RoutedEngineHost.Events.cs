using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orrery.Engines;

namespace Orrery.EngineHosts;

// Every member's event stream (Docker's die/oom/destroy), merged: a daemon that is down delays no other's events.
public sealed partial class RoutedEngineHost : IEngineEventSource
{
    private static readonly TimeSpan MinWatchRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWatchRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One member's events as they are (the caller watches again when they end); several members' merged, each followed
    /// again after its own interruptions, so the merged stream ends only when the token fires.
    /// </summary>
    public IAsyncEnumerable<EngineEvent> WatchAsync(CancellationToken cancellationToken) =>
        fleet.Members is [{ Host: IEngineEventSource only }] ? only.WatchAsync(cancellationToken) : WatchEveryMemberAsync(cancellationToken);

    private async IAsyncEnumerable<EngineEvent> WatchEveryMemberAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<EngineEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var followers = fleet.Members
            .Where(m => m.Host is IEngineEventSource)
            .Select(m => FollowAsync(m, (IEngineEventSource)m.Host, merged.Writer, stop.Token))
            .ToList();
        try
        {
            await foreach (var change in merged.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(followers);
        }
    }

    /// <summary>Follows one member until <paramref name="stoppingToken"/> fires, again after each failure (1 s doubling to 30 s).</summary>
    private async Task FollowAsync(EngineHostMember member, IEngineEventSource source, ChannelWriter<EngineEvent> merged, CancellationToken stoppingToken)
    {
        var delay = MinWatchRetryDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in source.WatchAsync(stoppingToken))
                {
                    await merged.WriteAsync(change with { EngineId = Expose(member, change.EngineId) }, stoppingToken);
                    delay = MinWatchRetryDelay;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.WatchFailed(logger, member.Name, delay, ex);
            }
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxWatchRetryDelay.Ticks));
        }
    }
}
