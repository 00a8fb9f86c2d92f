using Orleans.Runtime;
using Orrery.Cluster;
using Orrery.Runtime;

namespace Orrery.Tests.Cluster;

public sealed class ClusterStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly GameShards Shards = new(4);
    private static readonly ClusterSettings Settings = new() { Enabled = true, ClusterId = "demo", Shards = 4 };

    private static readonly ClusterReplica A = Replica(11111, SiloStatus.Active, Now.AddMinutes(-10));
    private static readonly ClusterReplica B = Replica(11112, SiloStatus.Active, Now.AddMinutes(-5));
    private static readonly ClusterReplica DeadC = Replica(11113, SiloStatus.Dead, Now.AddMinutes(-20));

    [Fact]
    public void Of_LeasesOfActiveMembers_ShardsAndGamesCountedForTheirOwner()
    {
        var games = GamesInShards(0, 0, 1, 2, 3);
        var status = ClusterStatus.Of(Settings, Shards, A, [A, B], [Lease(0, A), Lease(1, A), Lease(2, B), Lease(3, B)],
            [Record(games[0], RuntimeStatus.Running), Record(games[1], RuntimeStatus.Stopped), Record(games[2], RuntimeStatus.Running),
             Record(games[3], RuntimeStatus.Finished), Record(games[4], RuntimeStatus.GenerationFailed)]);

        var a = status.Members.Single(m => m.Member == A);
        var b = status.Members.Single(m => m.Member == B);
        (a.ShardsOwned, a.GamesOwned, a.GamesActive, a.IsSelf).ShouldBe((2, 3, 2, true));
        (b.ShardsOwned, b.GamesOwned, b.GamesActive, b.IsSelf).ShouldBe((2, 2, 1, false));
        (status.UnownedShards, status.UnownedGames).ShouldBe((0, 0));
        status.Self.ShouldBe("127.0.0.1:11111@1");
    }

    [Fact]
    public void Of_LatestOwnerDead_ItsShardsAndGamesUnowned()
    {
        var games = GamesInShards(1, 3);
        var status = ClusterStatus.Of(Settings, Shards, A, [A, DeadC], [Lease(0, A), Lease(1, DeadC), Lease(2, A)],
            [Record(games[0], RuntimeStatus.Running), Record(games[1], RuntimeStatus.Running)]);

        var dead = status.Members.Single(m => m.Member == DeadC);
        (dead.ShardsOwned, dead.GamesOwned).ShouldBe((0, 0));
        status.UnownedShards.ShouldBe(2); // shard 1 (dead owner) and shard 3 (never taken)
        status.UnownedGames.ShouldBe(2);
    }

    [Fact]
    public void Of_Members_ActiveFirstThenNewestFirst()
    {
        var status = ClusterStatus.Of(Settings, Shards, B, [DeadC, A, B], [], []);

        status.Members.Select(m => m.Member.Port).ShouldBe([11112, 11111, 11113]);
    }

    [Fact]
    public void Of_OwnerRestartedOnTheSamePort_OldGenerationOwnsNothing()
    {
        var restarted = A with { Generation = 2 };
        var status = ClusterStatus.Of(Settings, Shards, restarted, [A with { Status = SiloStatus.Dead }, restarted], [Lease(0, A)], []);

        status.Members.Sum(m => m.ShardsOwned).ShouldBe(0);
        status.UnownedShards.ShouldBe(4);
    }

    [Theory]
    [InlineData(SiloStatus.Active, "active")]
    [InlineData(SiloStatus.ShuttingDown, "shutting_down")]
    [InlineData(SiloStatus.Dead, "dead")]
    [InlineData(SiloStatus.Joining, "joining")]
    public void StatusName_SnakeCase(SiloStatus status, string expected) =>
        (A with { Status = status }).StatusName.ShouldBe(expected);

    private static ClusterReplica Replica(int port, SiloStatus status, DateTimeOffset startedAt) =>
        new("127.0.0.1", port, 1, $"silo-{port}", "vm", status, startedAt, startedAt);

    private static ShardLease Lease(int shard, ClusterReplica owner) =>
        new(shard, 1, new ShardOwner("demo", owner.Address, owner.Port, owner.Generation), Now);

    /// <summary>One new game id in each of the given shards, in order.</summary>
    private static Guid[] GamesInShards(params int[] shards) =>
        [.. shards.Select(shard => Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(id => Shards.ShardOf(id) == shard))];

    private static RuntimeRecord Record(Guid gameId, RuntimeStatus status) => new()
    {
        GameId = gameId,
        Status = status,
        TurnSchedule = "0 0 * * *",
        StatusChangedAt = Now,
        UpdatedAt = Now,
    };
}
