using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// Derives a player's id when the caller does not supply one: a name-based UUID
/// (RFC 9562 version 5) with the game id as namespace and the race name as name, so a
/// re-run init of the same game hands out the same ids.
/// </summary>
internal static class PlayerIds
{
    public static Guid Derive(Guid gameId, string raceName)
    {
        var name = Encoding.UTF8.GetBytes(raceName);
        var input = new byte[16 + name.Length];
        gameId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        // SHA-1 is what version 5 specifies; it names ids here, it protects nothing.
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);

        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}
