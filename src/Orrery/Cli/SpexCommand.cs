using System.CommandLine;
using Orrery.Runtime;
using Orrery.Specs;
using Orrery.Specs.Checking;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary>
/// <c>orrery spex diff|check</c>: compares <c>.spex</c> files by branching bisimilarity (docs/specs.md), without a
/// node. Exit codes: 0 equivalent, 1 not equivalent (or a model without a specification), 2 unreadable input.
/// </summary>
internal static class SpexCommand
{
    private const int Equivalent = 0;
    private const int Different = 1;
    private const int Unreadable = 2;

    /// <summary>The folder <c>spex check</c> reads specifications from when <c>--specs</c> is not given.</summary>
    private const string DefaultSpecsDirectory = "specs";

    public static Command Create() => new("spex", "Check implementation models (.spex) against specifications.") { Diff(), Check() };

    private static Command Diff()
    {
        var left = new Argument<string>("a") { Description = "A .spex file." };
        var right = new Argument<string>("b") { Description = "The .spex file to compare it with." };
        var diff = new Command("diff", "Are two .spex files branching bisimilar? Exit 0 if so, 1 (with a distinguishing trace) if not.") { left, right };
        diff.SetAction((parse, ct) => Guarded(parse, async () =>
        {
            var a = await ReadAsync(parse.GetValue(left)!, ct);
            var b = await ReadAsync(parse.GetValue(right)!, ct);
            var verdict = new BranchingBisimulationChecker().Check(a, b, ct);
            var output = parse.InvocationConfiguration.Output;
            if (verdict.Equivalent)
            {
                await output.WriteLineAsync("equivalent");
                return Equivalent;
            }
            await output.WriteLineAsync("not equivalent");
            await output.WriteLineAsync($"trace: {FormatTrace(verdict)}");
            await output.WriteLineAsync($"reason: {verdict.Reason}");
            return Different;
        }));
        return diff;
    }

    private static Command Check()
    {
        var models = new Argument<string>("models-dir") { Description = "A folder of implementation models; every *.spex below it, models of one specification merged." };
        var specs = new Option<string?>("--specs") { Description = $"The folder of specifications (default: ./{DefaultSpecsDirectory} when it exists; game-runtime is built in)." };
        var check = new Command("check", "Check every model against the specification of the same name; exit 1 if any is not equivalent.") { models, specs };
        check.SetAction((parse, ct) => Guarded(parse, async () =>
        {
            var modelsDirectory = parse.GetValue(models)!;
            if (!Directory.Exists(modelsDirectory))
            {
                throw new SpexInputException($"{modelsDirectory}: no such directory");
            }
            var specsDirectory = parse.GetValue(specs) ?? (Directory.Exists(DefaultSpecsDirectory) ? DefaultSpecsDirectory : null);
            if (specsDirectory is not null && !Directory.Exists(specsDirectory))
            {
                throw new SpexInputException($"{specsDirectory}: no such directory");
            }
            var merged = SpexModels.Merge(await ReadAllAsync(modelsDirectory, ct));
            var specifications = await SpecificationsAsync(specsDirectory, ct);
            return Report(parse.InvocationConfiguration.Output, modelsDirectory, merged, specifications, ct);
        }));
        return check;
    }

    private static int Report(TextWriter output, string modelsDirectory, IReadOnlyList<SpexDocument> models, Dictionary<string, SpexDocument> specifications, CancellationToken ct)
    {
        if (models.Count == 0)
        {
            // A check that checked nothing must not pass: an export that wrote no model is a broken pipeline.
            output.WriteLine($"no .spex models under {modelsDirectory}");
            return Different;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var table = new Table().AddColumns("spec", "model transitions", "spec transitions", "verdict", "trace");
        var reasons = new List<string>();
        foreach (var model in models)
        {
            if (!specifications.TryGetValue(model.Name, out var specification))
            {
                table.AddRow(Markup.Escape(model.Name), model.Transitions.Length.ToString(), "-", "no specification", "");
                reasons.Add($"{model.Name}: no specification named {model.Name}");
                continue;
            }
            var verdict = new BranchingBisimulationChecker().Check(model, specification, ct);
            table.AddRow(
                Markup.Escape(model.Name), model.Transitions.Length.ToString(), specification.Transitions.Length.ToString(),
                verdict.Equivalent ? "equivalent" : "not equivalent", Markup.Escape(verdict.Equivalent ? "" : FormatTrace(verdict)));
            if (!verdict.Equivalent)
            {
                reasons.Add($"{model.Name}: {verdict.Reason}");
            }
        }
        console.Write(table);
        if (reasons.Count > 0)
        {
            output.WriteLine("(in the reasons, the left side is the model and the right side its specification)");
        }
        foreach (var reason in reasons)
        {
            output.WriteLine(reason);
        }
        output.WriteLine($"{models.Count - reasons.Count} of {models.Count} models equivalent to their specifications");
        return reasons.Count == 0 ? Equivalent : Different;
    }

    /// <summary>The specifications by name: those of the folder, and the built-in game-runtime unless the folder has one.</summary>
    private static async Task<Dictionary<string, SpexDocument>> SpecificationsAsync(string? directory, CancellationToken ct)
    {
        var specifications = new Dictionary<string, SpexDocument>(StringComparer.Ordinal);
        foreach (var specification in directory is null ? [] : await ReadAllAsync(directory, ct))
        {
            if (!specifications.TryAdd(specification.Name, specification))
            {
                throw new SpexInputException($"{specification.Source}: specification {specification.Name} is also in {specifications[specification.Name].Source}");
            }
        }
        specifications.TryAdd(RuntimeTransitions.Specification.Name, RuntimeTransitions.Specification.Document);
        return specifications;
    }

    private static async Task<List<SpexDocument>> ReadAllAsync(string directory, CancellationToken ct)
    {
        var documents = new List<SpexDocument>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.spex", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            documents.Add(await ReadAsync(path, ct));
        }
        return documents;
    }

    /// <summary>Reads a file, naming it in errors as the user did (a path, not just the file name).</summary>
    private static async Task<SpexDocument> ReadAsync(string path, CancellationToken ct)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpexInputException($"{path}: {ex.Message}");
        }
        return SpexFormat.Parse(text, path);
    }

    private static string FormatTrace(EquivalenceVerdict verdict) => verdict.Trace.IsEmpty ? "(empty)" : string.Join(' ', verdict.Trace);

    /// <summary>Unreadable input (a file, a folder, a .spex error) goes to stderr as one line, with exit code 2.</summary>
    private static async Task<int> Guarded(ParseResult parse, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is SpexFormatException or SpexInputException)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync(ex.Message);
            return Unreadable;
        }
    }

    private sealed class SpexInputException(string message) : Exception(message);
}
