using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Tests.Game;

public sealed class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesReferenceSequence()
    {
        // The first outputs of the reference splitmix64.c for seed 0: the stream must never change.
        var random = new SplitMix64(0);

        random.NextUInt64().ShouldBe(0xE220A8397B1DCDAFUL);
        random.NextUInt64().ShouldBe(0x6E789E6AA1B965F4UL);
        random.NextUInt64().ShouldBe(0x06C45D188009454FUL);
    }

    [Fact]
    public void NextInt_Range_StaysWithinBounds()
    {
        var random = new SplitMix64(42);

        Enumerable.Range(0, 1000).Select(_ => random.NextInt(3, 10)).ShouldAllBe(v => v >= 3 && v < 10);
    }

    [Fact]
    public void FromGuid_DifferentIds_DifferentStreams()
    {
        var first = SplitMix64.FromGuid(Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var second = SplitMix64.FromGuid(Guid.Parse("00000000-0000-0000-0000-000000000002"));

        first.NextUInt64().ShouldNotBe(second.NextUInt64());
    }
}
