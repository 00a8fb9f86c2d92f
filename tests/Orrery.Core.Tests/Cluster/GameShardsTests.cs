using Orrery.Cluster;

namespace Orrery.Core.Tests.Cluster;

public sealed class GameShardsTests
{
    [Fact]
    public void ShardOf_SameId_SameShardInEveryInstance()
    {
        var gameId = Guid.Parse("3f1c2d4e-0000-4000-8000-000000000001");

        new GameShards(64).ShardOf(gameId).ShouldBe(new GameShards(64).ShardOf(gameId));
    }

    [Fact]
    public void ShardOf_KnownId_IsPinned()
    {
        // Pinned: a change of the hash would move every game of an existing cluster to another shard.
        new GameShards(64).ShardOf(Guid.Parse("3f1c2d4e-0000-4000-8000-000000000001")).ShouldBe(14);
        new GameShards(64).ShardOf(Guid.Empty).ShouldBe(0);
    }

    [Fact]
    public void ShardOf_RandomIds_SpreadOverEveryShardEvenly()
    {
        var shards = new GameShards(64);
        var counts = new int[64];
        for (var i = 0; i < 64_000; i++)
        {
            counts[shards.ShardOf(Guid.NewGuid())]++;
        }

        counts.Min().ShouldBeGreaterThan(800); // 1,000 expected each
        counts.Max().ShouldBeLessThan(1200);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(4097)]
    public void Constructor_CountOutOfRange_Throws(int count) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new GameShards(count));
}
