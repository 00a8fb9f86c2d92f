using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orrery.Auth;

/// <summary>The configured keys as digests; looked up in constant time per key.</summary>
internal sealed class ApiKeyRing(IOptions<ApiKeyOptions> options)
{
    private readonly (byte[] Digest, string Name, string Role)[] _entries = options.Value.ApiKeys
        .Select(k => (Digest(k.Key), string.IsNullOrEmpty(k.Name) ? k.Role : k.Name, k.Role))
        .ToArray();

    public bool IsOpen => _entries.Length == 0;

    public (string Name, string Role)? Find(string presented)
    {
        var digest = Digest(presented);
        (string, string)? found = null;
        // Every entry is compared so the time taken does not reveal which one matched.
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, entry.Digest))
            {
                found = (entry.Name, entry.Role);
            }
        }
        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
