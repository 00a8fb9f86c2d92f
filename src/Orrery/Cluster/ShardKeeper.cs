using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orrery.Engines;
using Orrery.Hosting;
using Orrery.Observability;

namespace Orrery.Cluster;

/// <summary>
/// Runs on every replica and keeps every shard active somewhere: at start-up (the node serves once its shards are
/// placed), at once when the membership changes (a replica died or joined), and every
/// <see cref="ClusterSettings.KeeperInterval"/>. It also hands over the shards this replica holds that belong on
/// another live replica (<see cref="ShardHomes"/>), a few per pass, so a replica that joins takes its share, and ends
/// the activation of a shard whose fence a store refused.
/// </summary>
internal sealed partial class ShardKeeper(
    IGrainFactory grains,
    IClusterMembershipService membership,
    ShardOwnership ownership,
    LocalShardOwner local,
    IOptions<ClusterSettings> settings,
    IEngineHost engines,
    IShardLeaseStore leases,
    TimeProvider time,
    ILogger<ShardKeeper> logger) : BackgroundService
{
    /// <summary>Hand-overs per pass: a joining replica fills up over a few passes rather than stalling every shard at once.</summary>
    private const int MaxHandOversPerPass = 8;

    private static readonly TimeSpan StartupDeadline = TimeSpan.FromMinutes(2);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefuseAnotherClustersDatabaseAsync(cancellationToken);
        ownership.Lost += OnLost;
        if (settings.Value.Enabled && engines.Info.Kind == EngineHostKinds.Process)
        {
            // SPEC §10: a survivor can adopt a dead replica's engines only if it sees the same processes and directories.
            Log.ProcessHostInCluster(logger, engines.Info.Location);
        }
        // Serve only once every shard is active somewhere: recovered operations keep their place ahead of new requests.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartupDeadline);
        while (await TickAsync(deadline.Token) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, deadline.Token);
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Two clusters on one database would take each other's shards: a replica whose <c>Orrery:Cluster:ClusterId</c> is not
    /// the one the shard table was written by stops at start, saying which id the database belongs to.
    /// </summary>
    private async Task RefuseAnotherClustersDatabaseAsync(CancellationToken cancellationToken)
    {
        var clusterId = settings.Value.ClusterId;
        if ((await leases.ListAsync(cancellationToken)).Select(l => l.Owner.ClusterId).FirstOrDefault(id => id != clusterId) is { } other)
        {
            throw new NodeConfigurationException(
                $"The database's games belong to cluster '{other}', this replica is in cluster '{clusterId}': set Orrery:Cluster:ClusterId={other}, " +
                "or give this cluster a database of its own.");
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        ownership.Lost -= OnLost;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = WatchMembershipAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                wait.CancelAfter(settings.Value.KeeperInterval);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // the interval passed
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.PassFailed(logger, ex);
            }
        }
    }

    /// <summary>One pass: every shard's grain called (activating the ones no replica holds), then a few hand-overs.</summary>
    /// <returns>How many shards could not be reached in this pass.</returns>
    public async Task<int> TickAsync(CancellationToken cancellationToken)
    {
        var calls = ownership.Shards.All.Select(async shard =>
        {
            try
            {
                await grains.GetGrain<IGameShardGrain>(shard).KeepActiveAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ShardUnreachable(logger, shard, ex.Message);
                return false;
            }
        });
        var failed = (await Task.WhenAll(calls)).Count(ok => !ok);
        await HandOverMisplacedAsync(cancellationToken);
        return failed;
    }

    private async Task HandOverMisplacedAsync(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => ShardPlacementDirector.Endpoint(m.SiloAddress))
            .ToList();
        var self = ShardPlacementDirector.Endpoint(local.Silo);
        if (!active.Contains(self))
        {
            return; // not (or no longer) an active member: nothing here is ours to give
        }
        var misplaced = ownership.Owned
            .Where(owned => ShardHomes.Pick(owned.Key, active) != self)
            .Take(MaxHandOversPerPass)
            .ToList();
        foreach (var (shard, epoch) in misplaced)
        {
            Log.HandingOver(logger, shard, ShardHomes.Pick(shard, active));
            await grains.GetGrain<IGameShardGrain>(shard).MoveHomeAsync(epoch, cancellationToken);
        }
    }

    private async Task WatchMembershipAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                Log.MembershipChanged(logger, snapshot.Version.Value,
                    string.Join(", ", snapshot.Members.Values.Select(m => $"{m.SiloAddress.Endpoint} {m.Status}")));
                _wake.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private void OnLost(int shard)
    {
        if (ownership.Owned.ContainsKey(shard))
        {
            return; // taken again meanwhile
        }
        _ = HandOverLostAsync(shard);
    }

    /// <summary>The fence is gone; ending the activation (whatever epoch it holds here) lets the keeper place the shard afresh.</summary>
    private async Task HandOverLostAsync(int shard)
    {
        try
        {
            var activation = await grains.GetGrain<IGameShardGrain>(shard).KeepActiveAsync();
            if (activation.Silo == local.Owner.ToString())
            {
                await grains.GetGrain<IGameShardGrain>(shard).EndAsync(activation.Epoch);
            }
        }
        catch (Exception ex)
        {
            Log.ShardUnreachable(logger, shard, ex.Message);
        }
        _wake.Writer.TryWrite(true);
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.ShardKeeper.ShardUnreachable, LogLevel.Warning, "Keeper: shard {Shard} could not be reached: {Reason}")]
        public static partial void ShardUnreachable(ILogger logger, int shard, string reason);

        [LoggerMessage(LogEventIds.ShardKeeper.PassFailed, LogLevel.Error, "Keeper pass failed")]
        public static partial void PassFailed(ILogger logger, Exception exception);

        [LoggerMessage(LogEventIds.ShardKeeper.MembershipChanged, LogLevel.Information, "Membership changed (version {Version}): {Members}")]
        public static partial void MembershipChanged(ILogger logger, long version, string members);

        [LoggerMessage(LogEventIds.ShardKeeper.ProcessHostInCluster, LogLevel.Warning,
            "Cluster mode with the process engine host: every replica must run on this machine and share the engines directory {EnginesDirectory} (a local demo); use Docker hosts otherwise")]
        public static partial void ProcessHostInCluster(ILogger logger, string enginesDirectory);

        [LoggerMessage(LogEventIds.ShardKeeper.HandingOver, LogLevel.Information, "Handing shard {Shard} over to {Home}")]
        public static partial void HandingOver(ILogger logger, int shard, string? home);
    }
}
