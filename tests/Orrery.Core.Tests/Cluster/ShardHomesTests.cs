using Orrery.Cluster;

namespace Orrery.Core.Tests.Cluster;

public sealed class ShardHomesTests
{
    private static readonly string[] Three = ["127.0.0.1:11111", "127.0.0.1:11112", "127.0.0.1:11113"];

    [Fact]
    public void Pick_NoMembers_IsNull() => ShardHomes.Pick(3, []).ShouldBeNull();

    [Fact]
    public void Pick_MemberOrder_DoesNotMatter()
    {
        for (var shard = 0; shard < 64; shard++)
        {
            ShardHomes.Pick(shard, Three).ShouldBe(ShardHomes.Pick(shard, Three.Reverse()));
        }
    }

    [Fact]
    public void Pick_ThreeMembers_EachGetsAShare()
    {
        var counts = Enumerable.Range(0, 64).GroupBy(shard => ShardHomes.Pick(shard, Three)).ToDictionary(g => g.Key!, g => g.Count());

        counts.Keys.ShouldBe(Three, ignoreOrder: true);
        counts.Values.ShouldAllBe(n => n >= 12); // 21 expected each
    }

    [Fact]
    public void Pick_MemberLeaves_OnlyItsShardsMove()
    {
        var before = Enumerable.Range(0, 64).ToDictionary(shard => shard, shard => ShardHomes.Pick(shard, Three));
        var survivors = Three.Where(m => m != Three[1]).ToArray();

        foreach (var (shard, home) in before)
        {
            var after = ShardHomes.Pick(shard, survivors);
            if (home != Three[1])
            {
                after.ShouldBe(home, $"shard {shard} moved although its member survived");
            }
            else
            {
                survivors.ShouldContain(after!);
            }
        }
    }

    [Fact]
    public void Pick_MemberJoins_ShardsMoveOnlyToIt()
    {
        var two = Three.Take(2).ToArray();
        foreach (var shard in Enumerable.Range(0, 64))
        {
            var after = ShardHomes.Pick(shard, Three);
            if (after != Three[2])
            {
                after.ShouldBe(ShardHomes.Pick(shard, two));
            }
        }
    }
}
