namespace Orrery.Engines.Docker;

/// <summary>What Docker needs spelled out in an image reference.</summary>
internal static class ImageReference
{
    /// <summary>
    /// True when the reference uses only the characters a Docker reference can hold. It travels in a URL path
    /// (<c>/images/{ref}/json</c>) where a <c>?</c> or <c>#</c> would change the request, so anything else is refused here.
    /// </summary>
    public static bool IsWellFormed(string imageRef) =>
        imageRef.Length is > 0 and <= 512 && imageRef.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':' or '/' or '@');

    /// <summary>
    /// Adds <c>:latest</c> to a reference with neither tag nor digest: a pull of a bare name would fetch every
    /// tag. A colon before the last slash is a registry port (<c>host:5000/name</c>), not a tag.
    /// </summary>
    public static string WithDefaultTag(string imageRef)
    {
        var name = imageRef[(imageRef.LastIndexOf('/') + 1)..];
        return name.Contains(':') || imageRef.Contains('@') ? imageRef : imageRef + ":latest";
    }
}
