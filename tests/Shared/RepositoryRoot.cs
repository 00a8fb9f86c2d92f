namespace Orrery.Tests.Shared;

/// <summary>The checkout the tests were built from: the nearest directory above the test binaries holding <c>Orrery.slnx</c>.</summary>
internal static class RepositoryRoot
{
    /// <summary>The repository's root, or null when the binaries were copied out of it.</summary>
    public static string? Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orrery.slnx")))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
