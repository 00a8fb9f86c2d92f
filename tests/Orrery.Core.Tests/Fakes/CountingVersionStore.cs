using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Core.Tests.Fakes;

/// <summary>An engine version store that counts reads, for testing what is served from memory.</summary>
internal sealed class CountingVersionStore : IEngineVersionStore
{
    private readonly Dictionary<SemVersion, EngineVersion> _versions = [];

    public int Reads { get; private set; }

    public Task<EngineVersion> UpsertAsync(EngineVersion version, CancellationToken cancellationToken)
    {
        _versions[version.Version] = version;
        return Task.FromResult(version);
    }

    public Task<EngineVersion?> GetAsync(SemVersion version, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_versions.GetValueOrDefault(version));
    }

    public Task<IReadOnlyList<EngineVersion>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<EngineVersion>>(_versions.Values.ToList());
}
