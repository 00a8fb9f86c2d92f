using Orrery.Errors;
using Orrery.Storage;

namespace Orrery.Versions;

public static class EngineVersionStoreExtensions
{
    /// <summary>The registered, non-deprecated version a game may be started on.</summary>
    /// <exception cref="OrreryException"><c>invalid_input</c> when the version is malformed, unknown or deprecated.</exception>
    public static async Task<EngineVersion> ResolveRunnableAsync(this IEngineVersionStore store, string version, CancellationToken cancellationToken)
    {
        if (!SemVersion.TryParse(version, out var parsed))
        {
            throw OrreryException.InvalidInput($"Engine version '{version}' is not a semantic version.");
        }
        var resolved = await store.GetAsync(parsed, cancellationToken)
            ?? throw OrreryException.InvalidInput($"Engine version {parsed} is not registered.");
        if (resolved.Deprecated)
        {
            throw OrreryException.InvalidInput($"Engine version {parsed} is deprecated and cannot be started.");
        }
        return resolved;
    }
}
