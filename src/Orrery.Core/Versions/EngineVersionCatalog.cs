using System.Collections.Concurrent;
using Orrery.Errors;
using Orrery.Storage;

namespace Orrery.Versions;

/// <summary>
/// Resolves engine versions for starts and registrations from memory. Versions change rarely and every
/// start resolves one, so each answer is kept for <see cref="TimeToLive"/>; a registration on this node
/// replaces its entry at once, and one made on another node is seen within the time to live.
/// </summary>
public sealed class EngineVersionCatalog(IEngineVersionStore versions, TimeProvider time)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SemVersion, (EngineVersion? Version, DateTimeOffset Expires)> _cache = new();

    /// <summary>The registered, non-deprecated version a game may be started on.</summary>
    /// <exception cref="OrreryException"><c>invalid_input</c> when the version is malformed, unknown or deprecated.</exception>
    public async ValueTask<EngineVersion> ResolveRunnableAsync(string version, CancellationToken cancellationToken)
    {
        var resolved = await ResolveRegisteredAsync(version, cancellationToken);
        return resolved.Deprecated
            ? throw OrreryException.InvalidInput($"Engine version {resolved.Version} is deprecated and cannot be started.")
            : resolved;
    }

    /// <summary>
    /// The registered version, deprecated or not. A restart keeps a game on the version it runs: deprecation
    /// stops new games from choosing a version, it does not strand the games already on it.
    /// </summary>
    /// <exception cref="OrreryException"><c>invalid_input</c> when the version is malformed or unknown.</exception>
    public async ValueTask<EngineVersion> ResolveRegisteredAsync(string version, CancellationToken cancellationToken)
    {
        if (!SemVersion.TryParse(version, out var parsed))
        {
            throw OrreryException.InvalidInput($"Engine version '{version}' is not a semantic version.");
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(parsed, out var entry) || entry.Expires <= now)
        {
            entry = (await versions.GetAsync(parsed, cancellationToken), now + TimeToLive);
            _cache[parsed] = entry;
        }
        return entry.Version ?? throw OrreryException.InvalidInput($"Engine version {parsed} is not registered.");
    }

    /// <summary>Records a version this node just stored, so its next resolution needs no read.</summary>
    public void Remember(EngineVersion version) => _cache[version.Version] = (version, time.GetUtcNow() + TimeToLive);
}
