using Orrery.Versions;

namespace Orrery.Storage;

/// <summary>The registry of engine versions.</summary>
public interface IEngineVersionStore
{
    /// <summary>Inserts the version, or updates its image ref and deprecated flag (keeping created_at).</summary>
    Task<EngineVersion> UpsertAsync(EngineVersion version, CancellationToken cancellationToken);

    Task<EngineVersion?> GetAsync(SemVersion version, CancellationToken cancellationToken);

    /// <summary>All versions, highest precedence first.</summary>
    Task<IReadOnlyList<EngineVersion>> ListAsync(CancellationToken cancellationToken);
}
