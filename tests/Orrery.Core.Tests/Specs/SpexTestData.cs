using Orrery.Specs;

namespace Orrery.Core.Tests.Specs;

/// <summary>
/// The <c>.spex</c> samples (<c>tests/testdata/spex</c>, <c>spex-ext</c>: copies of the project's shared test data, kept
/// in the repository so a clone tests alone) and this project's own specifications.
/// </summary>
internal static class SpexTestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "testdata");
            if (File.Exists(Path.Combine(directory.FullName, "Orrery.slnx")) && Directory.Exists(Path.Combine(candidate, "spex")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"No tests/testdata/spex in the repository above {AppContext.BaseDirectory}.");
    });

    public static string Spex => Path.Combine(Root.Value, "spex");

    public static string SpexExt => Path.Combine(Root.Value, "spex-ext");

    /// <summary>The four specifications of Spex's own tests (README of testdata/spex), written out in Specs/Spex.</summary>
    public static string Specifications => Path.Combine(AppContext.BaseDirectory, "Specs", "Spex");

    public static SpexDocument Read(string path) => SpexFormat.Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>The specification Spex's model file <c>Elixir.SpexTest.Specifications.Tree.spex</c> is checked against.</summary>
    public static SpexDocument SpecificationFor(string modelFile) =>
        Read(Path.Combine(Specifications, Path.GetFileNameWithoutExtension(modelFile).Split('.')[^1] + ".spex"));
}
