using System.Collections.Immutable;
using System.Text;

namespace Orrery.Specs;

/// <summary>
/// Reads and writes the <c>.spex</c> text format of the Elixir library Spex: a <c>Specification:</c> and a
/// <c>Learning mode:</c> header, <c>Transitions:</c>, then one <c>from --[action]-> to</c> per line. Orrery adds
/// optional headers for the timings of a specification (<c>Transition timeout</c>, <c>State timeouts</c>,
/// <c>Prune timeout</c>, <c>Prunable states</c>) and <c>#</c> comment lines; Spex's own files read unchanged.
/// </summary>
public static class SpexFormat
{
    /// <summary>The largest file read: beyond it a file is refused, not half-read.</summary>
    public const int MaxTransitions = 2_000_000;

    private const string Arrow = "]-> ";
    private const string Open = " --[";

    public static async Task<SpexDocument> ReadFileAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken), Path.GetFileName(path));

    /// <exception cref="SpexFormatException">The text is not a well-formed <c>.spex</c> document.</exception>
    public static SpexDocument Parse(string text, string? source = null) => Parse(text, source, MaxTransitions);

    /// <summary>With a smaller limit, so a test of the limit need not build a file of two million lines.</summary>
    internal static SpexDocument Parse(string text, string? source, int maxTransitions)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new DocumentReader(source, maxTransitions);
        var (lineNumber, lastRead) = (0, 1);
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            reader.Read(line.ToString(), lineNumber);
            lastRead = lineNumber;
        }
        // A missing part is reported at the last line read, not at the empty line after the final newline.
        return reader.Finish(lastRead);
    }

    /// <summary>The document as text; <see cref="Parse"/> of the result gives it back.</summary>
    public static string Write(SpexDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringBuilder();
        text.Append("Specification: ").Append(document.Name).Append('\n');
        text.Append("Learning mode: ").Append(document.LearningMode ? "true" : "false").Append('\n');
        if (document.TransitionTimeout is { } timeout)
        {
            text.Append("Transition timeout: ").Append(SpexDuration.Format(timeout)).Append('\n');
        }
        if (!document.StateTimeouts.IsEmpty)
        {
            text.Append("State timeouts: ")
                .AppendJoin(", ", document.StateTimeouts.Select(s => $"{s.Key} {SpexDuration.Format(s.Value)}")).Append('\n');
        }
        if (document.PruneTimeout is { } prune)
        {
            text.Append("Prune timeout: ").Append(SpexDuration.Format(prune)).Append('\n');
        }
        if (!document.PrunableStates.Equals(PrunableStates.Terminal))
        {
            text.Append("Prunable states: ").Append(document.PrunableStates).Append('\n');
        }
        text.Append("Transitions:\n");
        foreach (var transition in document.Transitions)
        {
            text.Append(transition.ToString()).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Reads one line at a time, headers first, then transitions.</summary>
    private sealed class DocumentReader(string? source, int maxTransitions)
    {
        private readonly HashSet<SpexTransition> _seen = [];
        private readonly ImmutableArray<SpexTransition>.Builder _transitions = ImmutableArray.CreateBuilder<SpexTransition>();
        private readonly HashSet<string> _headers = [];
        private SpexDocument _document = new() { Name = "" };
        private bool _inTransitions;

        public void Read(string line, int number)
        {
            if (_inTransitions)
            {
                AddTransition(ParseTransition(line, number), number);
                return;
            }
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                throw Error(number, $"expected a header 'Name: value' or 'Transitions:', found '{Shorten(line)}'");
            }
            var key = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (!_headers.Add(key))
            {
                throw Error(number, $"header '{key}' appears twice");
            }
            _document = key switch
            {
                "Specification" => _document with { Name = ParseName(value, number) },
                "Learning mode" => _document with { LearningMode = ParseBool(value, number) },
                "Transition timeout" => _document with { TransitionTimeout = ParseDuration(value, number) },
                "State timeouts" => _document with { StateTimeouts = ParseStateTimeouts(value, number) },
                "Prune timeout" => _document with { PruneTimeout = ParseDuration(value, number) },
                "Prunable states" => _document with { PrunableStates = ParsePrunable(value, number) },
                "Transitions" when value.Length == 0 => _document,
                "Transitions" => throw Error(number, "'Transitions:' stands alone on its line; the transitions follow it, one per line"),
                _ => throw Error(number, $"unknown header '{Shorten(key)}'"),
            };
            _inTransitions = key == "Transitions";
        }

        public SpexDocument Finish(int lines)
        {
            if (!_headers.Contains("Specification"))
            {
                throw Error(1, "the 'Specification: <name>' header is missing");
            }
            if (!_inTransitions)
            {
                throw Error(lines, "the 'Transitions:' line is missing");
            }
            return _document with { Transitions = _transitions.ToImmutable(), Source = source };
        }

        private void AddTransition(SpexTransition transition, int number)
        {
            if (!_seen.Add(transition))
            {
                return; // Spex writes a set; a repeated line is the same transition
            }
            if (_transitions.Count == maxTransitions)
            {
                throw Error(number, $"more than {maxTransitions:N0} transitions; split the machine or raise the limit");
            }
            _transitions.Add(transition);
        }

        private SpexTransition ParseTransition(string line, int number)
        {
            var open = line.IndexOf(Open, StringComparison.Ordinal);
            var arrow = open < 0 ? -1 : line.IndexOf(Arrow, open + Open.Length, StringComparison.Ordinal);
            if (open <= 0 || arrow < 0)
            {
                throw Error(number, $"expected '<from> --[<action>]-> <to>', found '{Shorten(line)}'");
            }
            var from = line[..open];
            var action = line[(open + Open.Length)..arrow];
            var to = line[(arrow + Arrow.Length)..];
            foreach (var (part, what) in new[] { (from, "state"), (action, "action"), (to, "state") })
            {
                if (!IsName(part))
                {
                    throw Error(number, $"'{Shorten(part)}' is not a {what} name (no spaces, brackets or arrows)");
                }
            }
            if (to == SpexNames.Nil)
            {
                throw Error(number, "'nil' is the source of the initialisation step, never a target");
            }
            if ((from == SpexNames.Nil) != (action == SpexNames.Initialisation))
            {
                throw Error(number, $"only '{SpexNames.Nil} --[{SpexNames.Initialisation}]-> <state>' may start from nil or use {SpexNames.Initialisation}");
            }
            return new SpexTransition(from, action, to);
        }

        private ImmutableSortedDictionary<string, TimeSpan> ParseStateTimeouts(string value, int number)
        {
            var timeouts = ImmutableSortedDictionary.CreateBuilder<string, TimeSpan>(StringComparer.Ordinal);
            foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = entry.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !IsName(parts[0]))
                {
                    throw Error(number, $"expected '<state> <duration>' separated by commas, found '{Shorten(entry)}'");
                }
                if (!timeouts.TryAdd(parts[0], ParseDuration(parts[1], number)))
                {
                    throw Error(number, $"state '{parts[0]}' has two timeouts");
                }
            }
            return timeouts.ToImmutable();
        }

        private PrunableStates ParsePrunable(string value, int number) => value switch
        {
            "all" => PrunableStates.All,
            "terminal" => PrunableStates.Terminal,
            _ when value.Split(',', StringSplitOptions.TrimEntries) is var states && states.All(IsName) => PrunableStates.Listed(states),
            _ => throw Error(number, $"'Prunable states' is 'all', 'terminal' or state names separated by commas, found '{Shorten(value)}'"),
        };

        private TimeSpan ParseDuration(string value, int number) =>
            SpexDuration.TryParse(value, out var duration)
                ? duration
                : throw Error(number, $"'{Shorten(value)}' is not a duration (a positive whole number and ms, s, m, h or d: 100ms, 60s, 10m)");

        private bool ParseBool(string value, int number) => value switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error(number, $"'Learning mode' is true or false, found '{Shorten(value)}'"),
        };

        private string ParseName(string value, int number) =>
            IsName(value) ? value : throw Error(number, $"'{Shorten(value)}' is not a specification name (no spaces, brackets or arrows)");

        private SpexFormatException Error(int number, string reason) => new(source, number, reason);
    }

    /// <summary>Whether <paramref name="text"/> may name a specification, state or action: no spaces, brackets or arrows.</summary>
    public static bool IsName(string text) =>
        text.Length is > 0 and <= 200 && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '[' or ']')
        && !text.Contains("->", StringComparison.Ordinal) && !text.Contains("--", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
