using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Core.Tests.Specs;

/// <summary>The 37 external pairs of testdata/spex-ext give the verdict VERDICTS.tsv lists (divergence-blind).</summary>
public sealed class SpexExtVerdictTests
{
    public static TheoryData<string, bool> Cases() => [.. Verdicts()];

    /// <summary>The cases small enough for the naive fixpoint (every one but the five VLTS systems).</summary>
    public static TheoryData<string, bool> SmallCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var (name, equivalent) in Verdicts())
        {
            var (left, right) = Pair(name);
            if (left.Transitions.Length + right.Transitions.Length <= 400)
            {
                data.Add(name, equivalent);
            }
        }
        return data;
    }

    [Fact]
    public void Lists_all_37_cases() => Cases().Count.ShouldBe(37);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verdict_matches_the_source(string name, bool equivalent)
    {
        var (left, right) = Pair(name);

        var comparison = BranchingBisimulationChecker.Compare(left, right, TestContext.Current.CancellationToken);

        comparison.Verdict.Equivalent.ShouldBe(equivalent, comparison.Verdict.Reason);
        BranchingBisimulationChecker.Compare(right, left, TestContext.Current.CancellationToken).Verdict.Equivalent.ShouldBe(equivalent);
        if (!equivalent)
        {
            comparison.Verdict.Reason.ShouldNotBeNullOrWhiteSpace();
            TraceChecks.ShouldLeadTo(left, comparison.Verdict.Trace, comparison.LeftState!);
            TraceChecks.ShouldLeadTo(right, comparison.Verdict.Trace, comparison.RightState!);
        }
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void The_naive_checker_agrees_on_the_small_cases(string name, bool equivalent)
    {
        var (left, right) = Pair(name);

        new NaiveBranchingBisimulation(left, right).Equivalent.ShouldBe(equivalent);
    }

    private static IEnumerable<(string Name, bool Equivalent)> Verdicts() =>
        File.ReadLines(Path.Combine(SpexTestData.SpexExt, "VERDICTS.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Select(columns => (columns[0], columns[1] == "equivalent"));

    private static (SpexDocument Left, SpexDocument Right) Pair(string name) =>
        (SpexTestData.Read(Path.Combine(SpexTestData.SpexExt, name + "_a.spex")), SpexTestData.Read(Path.Combine(SpexTestData.SpexExt, name + "_b.spex")));
}
