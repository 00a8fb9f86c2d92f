using System.CommandLine;
using Orrery.Cli;
using Orrery.Core.Tests.Specs;
using Orrery.Runtime;
using Orrery.Specs;

namespace Orrery.Tests.Cli;

/// <summary><c>orrery spex diff|check</c> run in-process, without a node, on Spex's samples (testdata/spex).</summary>
public sealed class SpexCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("orrery-spex-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private static string Sample(string folder, string name) =>
        Path.Combine(SpexTestData.Spex, folder, $"Elixir.SpexTest.Specifications.{name}.spex");

    private static string Specification(string name) => Path.Combine(SpexTestData.Specifications, name + ".spex");

    [Fact]
    public async Task Diff_of_equivalent_files_prints_equivalent_and_exits_0()
    {
        var (exit, output, error) = await RunAsync("spex", "diff", Sample("test", "Cycle"), Specification("Cycle"));

        exit.ShouldBe(0);
        output.ShouldBe("equivalent\n");
        error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Diff_of_different_files_prints_the_trace_and_reason_and_exits_1()
    {
        var (exit, output, _) = await RunAsync("spex", "diff", Sample("expected", "Tree"), Specification("Tree"));

        exit.ShouldBe(1);
        output.ShouldBe(
            "not equivalent\ntrace: __initialisation__ a\n" +
            "reason: after __initialisation__ a (left in s1, right in s2): the left side can do b, the right side cannot, even after internal steps\n");
    }

    [Fact]
    public async Task Diff_of_a_malformed_file_names_file_and_line_on_stderr_and_exits_2()
    {
        var bad = Path.Combine(_scratch, "bad.spex");
        await File.WriteAllTextAsync(bad, "Specification: x\nTransitions:\nnil --[__initialisation__]-> a\na --[b]> c\n", TestContext.Current.CancellationToken);

        var (exit, output, error) = await RunAsync("spex", "diff", Specification("Tree"), bad);

        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldBe($"{bad}:4: expected '<from> --[<action>]-> <to>', found 'a --[b]> c'\n");
    }

    [Fact]
    public async Task Diff_of_a_missing_file_exits_2()
    {
        var missing = Path.Combine(_scratch, "missing.spex");

        var (exit, _, error) = await RunAsync("spex", "diff", missing, Specification("Tree"));

        exit.ShouldBe(2);
        error.ShouldStartWith($"{missing}: ");
    }

    [Fact]
    public async Task Check_of_Spexs_expected_models_names_Arrow_and_Tree_and_exits_1()
    {
        var (exit, output, _) = await RunAsync("spex", "check", Path.Combine(SpexTestData.Spex, "expected"), "--specs", SpexTestData.Specifications);

        exit.ShouldBe(1);
        var rows = output.Split('\n');
        Row(rows, "Arrow").ShouldContain("not equivalent");
        Row(rows, "Tree").ShouldContain("not equivalent");
        Row(rows, "Tree").ShouldContain("__initialisation__ a");
        Row(rows, "Cycle").ShouldContain("equivalent");
        Row(rows, "Cycle").ShouldNotContain("not equivalent");
        Row(rows, "Point").ShouldNotContain("not equivalent");
        output.ShouldContain("Elixir.SpexTest.Specifications.Arrow: the left side (Elixir.SpexTest.Specifications.Arrow) has no __initialisation__ transition");
        output.ShouldContain("2 of 4 models equivalent to their specifications");
    }

    [Fact]
    public async Task Check_of_Spexs_test_models_exits_0()
    {
        var (exit, output, _) = await RunAsync("spex", "check", Path.Combine(SpexTestData.Spex, "test"), "--specs", SpexTestData.Specifications);

        exit.ShouldBe(0);
        output.ShouldContain("2 of 2 models equivalent to their specifications");
    }

    [Fact]
    public async Task Check_merges_the_models_of_one_specification_found_in_subfolders()
    {
        // Two test processes each saw part of Tree's behaviour; only together are they equivalent.
        await WriteAsync("process-1/Tree.spex", "nil --[__initialisation__]-> s0", "s0 --[a]-> s1", "s1 --[b]-> s3");
        await WriteAsync("process-2/deeper/Tree.spex", "nil --[__initialisation__]-> s0", "s0 --[a]-> s2", "s1 --[c]-> s4", "s0 --[a]-> s1");

        var (exit, output, _) = await RunAsync("spex", "check", _scratch, "--specs", SpexTestData.Specifications);

        exit.ShouldBe(0, output);
        Row(output.Split('\n'), "Tree").ShouldContain(" 5 ");
    }

    [Fact]
    public async Task Check_of_a_model_without_a_specification_exits_1()
    {
        var model = new SpexDocument { Name = "tournament", Transitions = [new(SpexNames.Nil, SpexNames.Initialisation, "open")] };
        await File.WriteAllTextAsync(Path.Combine(_scratch, "t.spex"), SpexFormat.Write(model), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("spex", "check", _scratch, "--specs", SpexTestData.Specifications);

        exit.ShouldBe(1);
        Row(output.Split('\n'), "tournament").ShouldContain("no specification");
    }

    [Fact]
    public async Task Check_falls_back_to_the_built_in_game_runtime_specification()
    {
        var model = RuntimeTransitions.Specification.Document with { Source = null };
        await File.WriteAllTextAsync(Path.Combine(_scratch, "game-runtime.spex"), SpexFormat.Write(model), TestContext.Current.CancellationToken);
        var emptySpecs = Directory.CreateDirectory(Path.Combine(_scratch, "..", Path.GetFileName(_scratch) + "-specs")).FullName;
        try
        {
            var (exit, output, _) = await RunAsync("spex", "check", _scratch, "--specs", emptySpecs);

            exit.ShouldBe(0, output);
            Row(output.Split('\n'), "game-runtime").ShouldContain("equivalent");
        }
        finally
        {
            Directory.Delete(emptySpecs);
        }
    }

    [Fact]
    public async Task Check_of_a_lifecycle_model_with_a_step_outside_the_table_exits_1_with_the_trace()
    {
        var spec = RuntimeTransitions.Specification.Document;
        var model = spec with { Source = null, Transitions = [.. spec.Transitions, new("finished", "launch", "starting")] };
        await File.WriteAllTextAsync(Path.Combine(_scratch, "game-runtime.spex"), SpexFormat.Write(model), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("spex", "check", _scratch);

        exit.ShouldBe(1);
        output.ShouldContain("game-runtime: after __initialisation__ launch engine_ready turn_begin game_finished");
        output.ShouldContain("the left side can do launch, the right side cannot");
    }

    [Fact]
    public async Task Check_of_a_malformed_model_exits_2()
    {
        await WriteAsync("Tree.spex", "s0 --[a]-> nil");

        var (exit, _, error) = await RunAsync("spex", "check", _scratch, "--specs", SpexTestData.Specifications);

        exit.ShouldBe(2);
        error.ShouldBe($"{Path.Combine(_scratch, "Tree.spex")}:4: 'nil' is the source of the initialisation step, never a target\n");
    }

    [Fact]
    public async Task Check_of_a_missing_folder_exits_2()
    {
        var (exit, _, error) = await RunAsync("spex", "check", Path.Combine(_scratch, "nope"));

        exit.ShouldBe(2);
        error.ShouldContain("no such directory");
    }

    private static string Row(string[] rows, string specification) =>
        rows.Single(r => r.Contains(specification, StringComparison.Ordinal) && r.Contains('│'));

    private Task WriteAsync(string relativePath, params string[] transitions)
    {
        var path = Path.Combine(_scratch, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = "Specification: Elixir.SpexTest.Specifications.Tree\nLearning mode: false\nTransitions:\n" + string.Concat(transitions.Select(t => t + "\n"));
        return File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await OrreryCli.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
