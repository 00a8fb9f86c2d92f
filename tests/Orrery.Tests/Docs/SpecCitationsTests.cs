using System.Text.RegularExpressions;
using Orrery.Tests.Shared;

namespace Orrery.Tests.Docs;

/// <summary>Every <c>SPEC §N</c> in the code, the tests and the docs names a section of the copy the repository carries (docs/spec.md).</summary>
public sealed partial class SpecCitationsTests
{
    [Fact]
    public void Every_SPEC_citation_names_a_section_of_docs_spec_md()
    {
        var root = RepositoryRoot.Find();
        if (root is null)
        {
            Assert.Skip("the test binaries were copied out of the repository");
        }
        var sections = Heading().Matches(File.ReadAllText(Path.Combine(root, "docs", "spec.md"))).Select(m => m.Groups[1].Value).ToHashSet();

        var files = new[] { "src", "tests", "docs" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(path => Path.GetExtension(path) is ".cs" or ".js" or ".md" or ".spex")
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        var citations = files.SelectMany(path => Citation().Matches(File.ReadAllText(path)).Select(m => (Path: Path.GetRelativePath(root, path), Section: m.Groups[1].Value))).ToList();

        sections.Count.ShouldBe(12);
        citations.Count.ShouldBeGreaterThan(100);
        citations.Where(c => !sections.Contains(c.Section)).Select(c => $"{c.Path}: SPEC §{c.Section}").Distinct().ShouldBeEmpty();
    }

    [GeneratedRegex(@"^## (\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"SPEC §(\d+)")]
    private static partial Regex Citation();
}
