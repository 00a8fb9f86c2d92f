using Orrery.Errors;

namespace Orrery.Versions;

/// <summary>
/// What a patch may change (SPEC §4): only the PATCH part or the pre-release, within the running
/// MAJOR.MINOR, so the engine can resume from the state the running version wrote.
/// </summary>
public static class PatchPolicy
{
    /// <exception cref="OrreryException">
    /// <c>semver_patch_only</c> when <paramref name="target"/> leaves the MAJOR.MINOR of <paramref name="current"/>;
    /// <c>invalid_input</c> when either is not a semantic version.
    /// </exception>
    public static void EnsureAllowed(string current, string target)
    {
        if (!SemVersion.TryParse(target, out var to))
        {
            throw OrreryException.InvalidInput($"Engine version '{target}' is not a semantic version.");
        }
        if (!SemVersion.TryParse(current, out var from))
        {
            throw OrreryException.InvalidInput($"The running engine version '{current}' is not a semantic version.");
        }
        if (from.Major != to.Major || from.Minor != to.Minor)
        {
            throw new OrreryException(ErrorCodes.SemverPatchOnly,
                $"A patch stays within {from.Major}.{from.Minor}.x; {to} changes the MAJOR or MINOR version. Stop and start the game to move it.");
        }
    }
}
