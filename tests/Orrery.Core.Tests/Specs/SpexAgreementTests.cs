using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Core.Tests.Specs;

/// <summary>
/// The checker agrees with Spex on Spex's own sample models (testdata/spex) against the four specifications of
/// Spex's tests (Specs/Spex). Spex reports test/ all equivalent and expected/ Arrow and Tree not equivalent. live/
/// holds the same files as expected/ (the meta test's models while it runs, saved unchanged), so the same verdicts.
/// initial/ is before the run: Arrow has learned nothing yet (no initialisation step: not equivalent, by Spex's
/// rule), Cycle is test/'s model and Tree is exactly its specification (both equivalent).
/// </summary>
public sealed class SpexAgreementTests
{
    public static TheoryData<string, string, bool> Models() => new()
    {
        { "test", "Cycle", true },
        { "test", "Tree", true },
        { "expected", "Arrow", false },
        { "expected", "Cycle", true },
        { "expected", "Point", true },
        { "expected", "Tree", false },
        { "live", "Arrow", false },
        { "live", "Cycle", true },
        { "live", "Point", true },
        { "live", "Tree", false },
        { "initial", "Arrow", false },
        { "initial", "Cycle", true },
        { "initial", "Tree", true },
    };

    [Fact]
    public void Every_sample_model_is_covered() =>
        Directory.EnumerateFiles(SpexTestData.Spex, "*.spex", SearchOption.AllDirectories).Count().ShouldBe(Models().Count);

    [Theory]
    [MemberData(nameof(Models))]
    public void Verdict_matches_Spex(string folder, string specification, bool equivalent)
    {
        var model = SpexTestData.Read(Path.Combine(SpexTestData.Spex, folder, $"Elixir.SpexTest.Specifications.{specification}.spex"));
        var spec = SpexTestData.SpecificationFor(specification);

        var verdict = new BranchingBisimulationChecker().Check(model, spec, TestContext.Current.CancellationToken);

        verdict.Equivalent.ShouldBe(equivalent, verdict.Reason);
    }

    [Fact]
    public void A_model_without_an_initialisation_step_is_not_equivalent_and_the_reason_says_so()
    {
        var model = SpexTestData.Read(Path.Combine(SpexTestData.Spex, "expected", "Elixir.SpexTest.Specifications.Arrow.spex"));

        var verdict = new BranchingBisimulationChecker().Check(model, SpexTestData.SpecificationFor("Arrow"), TestContext.Current.CancellationToken);

        verdict.Trace.ShouldBeEmpty();
        verdict.Reason.ShouldBe("the left side (Elixir.SpexTest.Specifications.Arrow) has no __initialisation__ transition, so no initial state");
    }

    [Fact]
    public void Two_initialisation_steps_are_not_equivalent_even_to_the_same_model()
    {
        var model = SpexFormat.Parse("Specification: two\nTransitions:\nnil --[__initialisation__]-> a\nnil --[__initialisation__]-> b\n");

        var verdict = new BranchingBisimulationChecker().Check(model, model, TestContext.Current.CancellationToken);

        verdict.Equivalent.ShouldBeFalse();
        verdict.Reason.ShouldBe("the left side (two) has 2 __initialisation__ transitions; Spex allows one");
    }

    [Fact]
    public void Trees_extra_step_is_named_in_the_trace_and_the_reason()
    {
        var model = SpexTestData.Read(Path.Combine(SpexTestData.Spex, "expected", "Elixir.SpexTest.Specifications.Tree.spex"));

        var verdict = new BranchingBisimulationChecker().Check(model, SpexTestData.SpecificationFor("Tree"), TestContext.Current.CancellationToken);

        // The model's s2 has an extra a-step, so it matches neither of the specification's states after a; the first
        // pair the search meets after a is the model's s1 (b, c) against the specification's s2 (nothing).
        verdict.Trace.ShouldBe(["__initialisation__", "a"]);
        verdict.Reason.ShouldBe("after __initialisation__ a (left in s1, right in s2): the left side can do b, the right side cannot, even after internal steps");
    }

    [Fact]
    public void Orrerys_own_lifecycle_specification_is_equivalent_to_itself_renamed()
    {
        var spec = Orrery.Runtime.RuntimeTransitions.Specification.Document;
        var renamed = spec with { Transitions = [.. spec.Transitions.Select(t => t with { From = Rename(t.From), To = Rename(t.To) })] };

        new BranchingBisimulationChecker().Check(spec, renamed, TestContext.Current.CancellationToken).Equivalent.ShouldBeTrue();

        static string Rename(string state) => state == SpexNames.Nil ? state : "x_" + state;
    }

    [Fact]
    public void A_cancelled_check_stops()
    {
        var spec = Orrery.Runtime.RuntimeTransitions.Specification.Document;

        Should.Throw<OperationCanceledException>(() => new BranchingBisimulationChecker().Check(spec, spec, new CancellationToken(canceled: true)));
    }
}
