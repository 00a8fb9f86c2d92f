namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// A tiny SplitMix64 generator. System.Random's algorithm may change between .NET
/// versions, and the same game id must build the same galaxy after an engine upgrade,
/// so the engine carries its own fully specified generator.
/// </summary>
internal sealed class SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Seeds from all 128 bits of a game id (big-endian, so the seed does not depend on Guid's in-memory layout).</summary>
    public static SplitMix64 FromGuid(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        // Mixing the halves once keeps ids that share a half from starting on the same stream.
        var seeded = new SplitMix64(high);
        return new SplitMix64(seeded.NextUInt64() ^ low);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, maxExclusive), by multiply-shift so no modulo bias creeps in.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>A value in [minInclusive, maxExclusive).</summary>
    public int NextInt(int minInclusive, int maxExclusive) =>
        minInclusive + NextInt(maxExclusive - minInclusive);
}
