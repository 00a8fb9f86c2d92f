using System.Collections.Immutable;
using System.Text;
using Orrery.Specs;

namespace Orrery.Core.Tests.Specs;

public sealed class SpexFormatTests
{
    [Fact]
    public void Write_then_parse_gives_the_document_back_with_every_header()
    {
        var document = new SpexDocument
        {
            Name = "matchmaking",
            LearningMode = true,
            TransitionTimeout = TimeSpan.FromSeconds(90),
            StateTimeouts = new Dictionary<string, TimeSpan> { ["queued"] = TimeSpan.FromMinutes(10), ["done"] = TimeSpan.FromMilliseconds(1500) }
                .ToImmutableSortedDictionary(StringComparer.Ordinal),
            PruneTimeout = TimeSpan.FromDays(2),
            PrunableStates = PrunableStates.Listed(["done", "cancelled"]),
            Transitions =
            [
                new(SpexNames.Nil, SpexNames.Initialisation, "queued"),
                new("queued", "match", "done"),
                new("queued", SpexNames.Internal, "cancelled"),
            ],
        };

        var text = SpexFormat.Write(document);
        var parsed = SpexFormat.Parse(text, "matchmaking.spex");

        parsed.ShouldBe(document);
        parsed.Source.ShouldBe("matchmaking.spex");
        SpexFormat.Write(parsed).ShouldBe(text);
    }

    [Fact]
    public void The_default_headers_are_left_out_and_read_back_as_defaults()
    {
        var document = new SpexDocument { Name = "x", Transitions = [new(SpexNames.Nil, SpexNames.Initialisation, "a")] };

        var text = SpexFormat.Write(document);

        text.ShouldBe("Specification: x\nLearning mode: false\nTransitions:\nnil --[__initialisation__]-> a\n");
        SpexFormat.Parse(text).ShouldBe(document);
    }

    public static TheoryData<string> SampleFiles() =>
        [.. Directory.EnumerateFiles(SpexTestData.Spex, "*.spex", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(SpexTestData.SpexExt, "*.spex"))
            .Select(path => Path.GetRelativePath(Path.GetDirectoryName(SpexTestData.Spex)!, path))
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void The_samples_are_all_there() => SampleFiles().Count.ShouldBe(13 + 74);

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_file_parses_and_round_trips(string relativePath)
    {
        var path = Path.Combine(Path.GetDirectoryName(SpexTestData.Spex)!, relativePath);
        var text = File.ReadAllText(path);

        var document = SpexFormat.Parse(text, Path.GetFileName(path));

        document.Name.ShouldNotBeNullOrEmpty();
        // Every transition line of the file is kept (duplicates once).
        var lines = text.Split('\n', '\r').Where(l => l.Contains(" --[", StringComparison.Ordinal)).Distinct().Count();
        document.Transitions.Length.ShouldBe(lines);
        SpexFormat.Parse(SpexFormat.Write(document)).ShouldBe(document);
    }

    [Fact]
    public void Spex_files_with_carriage_returns_read_like_any_other()
    {
        var document = SpexFormat.Parse("Specification: x\r\nLearning mode: true\r\nTransitions:\r\nnil --[__initialisation__]-> a\r\na --[b]-> c\r\n");

        document.LearningMode.ShouldBeTrue();
        document.Transitions.ShouldBe([new(SpexNames.Nil, SpexNames.Initialisation, "a"), new("a", "b", "c")]);
    }

    public static TheoryData<string, int, string> Malformed() => new()
    {
        { "Learning mode: false\nTransitions:\n", 1, "'Specification: <name>' header is missing" },
        { "Specification: x\nLearning mode: false\n", 2, "'Transitions:' line is missing" },
        { "Specification: x\nTransitions:\na --[b]> c\n", 3, "expected '<from> --[<action>]-> <to>'" },
        { "Specification: x\nTransitions:\na -[b]-> c\n", 3, "expected '<from> --[<action>]-> <to>'" },
        { "Specification: x\nTransitions:\nnil --[__initialisation__]-> a\na --[b]-> nil\n", 4, "'nil' is the source of the initialisation step, never a target" },
        { "Specification: x\nTransitions:\na --[__initialisation__]-> b\n", 3, "only 'nil --[__initialisation__]-> <state>' may start from nil" },
        { "Specification: x\nTransitions:\nnil --[go]-> b\n", 3, "only 'nil --[__initialisation__]-> <state>' may start from nil" },
        { "Specification: x\nColour: red\nTransitions:\n", 2, "unknown header 'Colour'" },
        { "Specification: x\nLearning mode: false\n\nLearning mode: true\nTransitions:\n", 4, "header 'Learning mode' appears twice" },
        { "Specification: x\nTransition timeout: 10 parsecs\nTransitions:\n", 2, "'10 parsecs' is not a duration" },
        { "Specification: x\nPrune timeout: 0s\nTransitions:\n", 2, "'0s' is not a duration" },
        { "Specification: x\nState timeouts: a 1s, b\nTransitions:\n", 2, "expected '<state> <duration>'" },
        { "Specification: x\nLearning mode: maybe\nTransitions:\n", 2, "'Learning mode' is true or false" },
        { "Specification: two words\nTransitions:\n", 1, "is not a specification name" },
        { "Specification: x\nTransitions: a --[b]-> c\n", 2, "'Transitions:' stands alone on its line" },
        { "Specification: x\nTransitions:\na b --[c]-> d\n", 3, "'a b' is not a state name" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_names_the_file_the_line_and_the_reason(string text, int line, string reason)
    {
        var error = Should.Throw<SpexFormatException>(() => SpexFormat.Parse(text, "bad.spex"));

        error.File.ShouldBe("bad.spex");
        error.Line.ShouldBe(line);
        error.Reason.ShouldContain(reason);
        error.Message.ShouldStartWith($"bad.spex:{line}: ");
    }

    [Fact]
    public void More_than_the_limit_of_transitions_is_refused_with_the_limit_named()
    {
        const int limit = 1_000;
        var text = new StringBuilder("Specification: huge\nTransitions:\nnil --[__initialisation__]-> s0\n");
        for (var i = 0; i < limit; i++)
        {
            text.Append("s0 --[a]-> s").Append(i + 1).Append('\n');
        }

        var error = Should.Throw<SpexFormatException>(() => SpexFormat.Parse(text.ToString(), "huge.spex", limit));

        error.Line.ShouldBe(limit + 3);
        error.Reason.ShouldBe("more than 1,000 transitions; split the machine or raise the limit");
        // One fewer is read whole, repeated lines not counted.
        SpexFormat.Parse(text.ToString() + "s0 --[a]-> s1\n", "huge.spex", limit + 1).Transitions.Length.ShouldBe(limit + 1);
    }

    [Fact]
    public async Task A_file_is_read_with_its_name_as_the_source()
    {
        var path = Path.Combine(Path.GetTempPath(), $"orrery-{Guid.NewGuid():N}.spex");
        await File.WriteAllTextAsync(path, "Specification: x\nTransitions:\nnil --[__initialisation__]-> a\n", TestContext.Current.CancellationToken);
        try
        {
            var document = await SpexFormat.ReadFileAsync(path, TestContext.Current.CancellationToken);

            document.Source.ShouldBe(Path.GetFileName(path));
            document.Transitions.Length.ShouldBe(1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
