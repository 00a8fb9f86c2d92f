namespace Orrery.Engines.Docker;

/// <summary>When the host pulls an engine's image before creating its container.</summary>
internal enum ImagePullPolicy
{
    /// <summary>Pull when the daemon does not have the image (default).</summary>
    IfMissing,

    /// <summary>Pull before every start; a failed pull fails the start, even if an older copy is local.</summary>
    Always,

    /// <summary>Never pull: the image must already be on the daemon (air-gapped hosts, locally built images).</summary>
    Never,
}

internal static class ImagePullPolicies
{
    public const string IfMissing = "if_missing";
    public const string Always = "always";
    public const string Never = "never";

    public static bool TryParse(string? text, out ImagePullPolicy policy)
    {
        (var known, policy) = text switch
        {
            IfMissing => (true, ImagePullPolicy.IfMissing),
            Always => (true, ImagePullPolicy.Always),
            Never => (true, ImagePullPolicy.Never),
            _ => (false, default),
        };
        return known;
    }
}
