using Microsoft.Extensions.DependencyInjection;
using Orrery.Cluster;
using Orrery.Hosting;
using Orrery.Tests.Support;

namespace Orrery.Tests.Cluster;

/// <summary>A node is a one-replica cluster: its settings, its keeper and what it refuses, on a whole node in memory.</summary>
public sealed class ClusterNodeTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-cluster-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void Build_ClusterEnabledOnSqlite_IsRefusedInOneLine()
    {
        var refused = Should.Throw<NodeConfigurationException>(() =>
            OrreryNode.Build(["--Orrery:DataDirectory=" + _data, "--Orrery:Cluster:Enabled=true"]));

        refused.Message.ShouldContain("Orrery:Cluster:Enabled=true needs Orrery:Store=postgres");
        refused.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Build_BadClusterSettings_NamesEveryProblem()
    {
        var refused = Should.Throw<NodeConfigurationException>(() => OrreryNode.Build([
            "--Orrery:DataDirectory=" + _data, "--Orrery:Cluster:SiloPort=70000", "--Orrery:Cluster:AdvertisedIp=nowhere",
            "--Orrery:Cluster:Shards=0", "--Orrery:Cluster:Membership:ProbeTimeout=00:00:00"]));

        refused.Message.ShouldContain("SiloPort is 70000");
        refused.Message.ShouldContain("AdvertisedIp 'nowhere'");
        refused.Message.ShouldContain("Shards is 0");
        refused.Message.ShouldContain("ProbeTimeout must be positive");
    }

    [Fact]
    public async Task StartAsync_OneNode_OwnsEveryShardOnceWithItsFirstEpoch()
    {
        await using var node = await NodeHarness.StartAsync(dataDirectory: _data);
        var ownership = node.Services.GetRequiredService<ShardOwnership>();

        ownership.Owned.Count.ShouldBe(GameShards.DefaultCount);
        ownership.Owned.Values.ShouldAllBe(epoch => epoch == 1);
        (await node.Services.GetRequiredService<IShardLeaseStore>().ListAsync(TestContext.Current.CancellationToken))
            .Select(l => l.Epoch).ShouldAllBe(epoch => epoch == 1);
    }

    [Fact]
    public async Task Keeper_ShardWhoseFenceWasRefused_IsTakenAgainWithTheNextEpoch()
    {
        await using var node = await NodeHarness.StartAsync(dataDirectory: _data);
        var owned = node.Services.GetRequiredService<OwnedShards>();
        var epoch = owned.Epochs[5];

        owned.Refused(new OwnerFence(5, epoch)); // what a store does when another owner took the shard

        // The keeper ends the activation and places the shard again at once (a readiness wait, not a timing assertion).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        while (!owned.Epochs.TryGetValue(5, out var again) || again == epoch)
        {
            await Task.Delay(20, deadline.Token);
        }
        owned.Epochs[5].ShouldBe(epoch + 1);
    }

    [Fact]
    public async Task Restart_SameDataDirectory_TakesEveryShardWithTheNextEpoch()
    {
        await using (await NodeHarness.StartAsync(dataDirectory: _data))
        {
        }

        await using var second = await NodeHarness.StartAsync(dataDirectory: _data);

        second.Services.GetRequiredService<ShardOwnership>().Owned.Values.ShouldAllBe(epoch => epoch == 2);
    }

    [Fact]
    public async Task StartAsync_DatabaseOfAnotherCluster_IsRefusedNamingItsClusterId()
    {
        await using (await NodeHarness.StartAsync(["--Orrery:Cluster:ClusterId=west"], dataDirectory: _data))
        {
        }

        var refused = await Should.ThrowAsync<NodeConfigurationException>(() => NodeHarness.StartAsync(["--Orrery:Cluster:ClusterId=east"], dataDirectory: _data));

        refused.Message.ShouldContain("belong to cluster 'west'");
        refused.Message.ShouldContain("Orrery:Cluster:ClusterId=west");
    }

    [Fact]
    public void Build_SiloPortHeldByAnotherProcess_IsRefusedInOneLine()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var refused = Should.Throw<NodeConfigurationException>(() =>
            OrreryNode.Build(["--Orrery:DataDirectory=" + _data, $"--Orrery:Cluster:SiloPort={port}"]));

        refused.Message.ShouldContain($"Orrery:Cluster:SiloPort {port} on 127.0.0.1 is in use");
    }
}
