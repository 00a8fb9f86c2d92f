using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

public sealed class SpecShardRouterTests
{
    [Fact]
    public void RouteHash_Abc_IsXxHash32OfItsUtf8Bytes() =>
        // The published XXH32 test vector for "abc", seed 0: the hash is the library's, not this process's.
        SpecShardRouter.RouteHash("abc").ShouldBe(0x32D153FFu);

    [Theory]
    [InlineData("game-1", 4)]
    [InlineData("3f1c2d4e-0000-4000-8000-000000000001", 4)]
    [InlineData("ünïcode-id", 7)]
    public void ShardOf_SameId_SameShardEveryTime(string id, int shards)
    {
        var shard = SpecShardRouter.ShardOf(id, shards);

        shard.ShouldBeInRange(0, shards - 1);
        Enumerable.Range(0, 100).Select(_ => SpecShardRouter.ShardOf(new string(id.ToCharArray()), shards)).ShouldAllBe(s => s == shard);
    }

    [Fact]
    public void ShardOf_ManyIds_SpreadsThemEvenly()
    {
        var counts = new int[4];
        for (var i = 0; i < 10_000; i++)
        {
            counts[SpecShardRouter.ShardOf(Guid.NewGuid().ToString(), 4)]++;
        }

        counts.ShouldAllBe(c => c > 2_200 && c < 2_800);
    }

    [Fact]
    public void ShardOf_NoShards_Throws() => Should.Throw<ArgumentOutOfRangeException>(() => SpecShardRouter.ShardOf("a", 0));
}
