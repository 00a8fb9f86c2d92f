using Orrery.Errors;
using Orrery.Storage;

namespace Orrery.Versions;

/// <summary>Registers engine versions (admin) after checking what they point at.</summary>
public sealed class EngineVersionRegistry(IEngineVersionStore versions, EngineVersionCatalog catalog, TimeProvider time)
{
    public const int MaxImageRefLength = 1024;

    public async Task<EngineVersion> RegisterAsync(string version, string? imageRef, bool deprecated, CancellationToken cancellationToken)
    {
        if (!SemVersion.TryParse(version, out var parsed))
        {
            throw OrreryException.InvalidInput($"'{version}' is not a semantic version (MAJOR.MINOR.PATCH[-pre]).");
        }
        if (string.IsNullOrWhiteSpace(imageRef) || imageRef.Length > MaxImageRefLength || imageRef.Any(char.IsControl))
        {
            throw OrreryException.InvalidInput($"imageRef is required: a Docker image or an executable path, at most {MaxImageRefLength} printable characters.");
        }

        var stored = await versions.UpsertAsync(new EngineVersion(parsed, imageRef.Trim(), deprecated, time.GetUtcNow()), cancellationToken);
        catalog.Remember(stored);
        return stored;
    }

    public Task<IReadOnlyList<EngineVersion>> ListAsync(CancellationToken cancellationToken) => versions.ListAsync(cancellationToken);
}
