using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Orrery.Sessions;

/// <summary>The HMAC keys of player tokens: decoding a configured key, and making a new one.</summary>
internal static class LiveSigningKeys
{
    /// <summary>The key's bytes, or null when it is not base64 or shorter than <see cref="LiveTokenOptions.MinimumKeyBytes"/>.</summary>
    public static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            return bytes.Length >= LiveTokenOptions.MinimumKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(LiveTokenOptions.MinimumKeyBytes));

    /// <summary>
    /// The key with a <c>kid</c> derived from it, so a token names the key that signed it and validation tries that one
    /// first. A prefix of the key's SHA-256 reveals nothing usable about a 256-bit random key.
    /// </summary>
    public static SymmetricSecurityKey ToSecurityKey(byte[] key) =>
        new(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..16] };
}
