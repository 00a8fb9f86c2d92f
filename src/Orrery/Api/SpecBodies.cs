using System.Text;
using System.Text.Json;
using Orrery.Errors;
using Orrery.Specs;

namespace Orrery.Api;

/// <summary>Reads the body of <c>PUT /specs/{name}</c>: <c>.spex</c> text (text/plain, application/x-spex, or no type) or JSON.</summary>
internal static class SpecBodies
{
    private static readonly string[] SpexTypes = ["text/plain", "application/x-spex"];

    /// <exception cref="SpexFormatException">A malformed <c>.spex</c> text (its line and why), or JSON whose names or durations do not read.</exception>
    /// <exception cref="OrreryException"><c>invalid_input</c>: another content type, a name that differs from the path's, malformed JSON.</exception>
    public static async Task<SpexDocument> ReadAsync(string name, HttpRequest request, JsonSerializerOptions json, CancellationToken cancellationToken)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type == "application/json")
        {
            var body = await JsonSerializer.DeserializeAsync<SpecBody>(request.Body, json, cancellationToken)
                ?? throw OrreryException.InvalidInput("The request body is empty.");
            return FromJson(name, body);
        }
        if (type is not null && !SpexTypes.Contains(type))
        {
            throw OrreryException.InvalidInput($"A specification is .spex text ({string.Join(", ", SpexTypes)}) or application/json, not {type}.");
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var document = SpexFormat.Parse(await reader.ReadToEndAsync(cancellationToken), name + ".spex");
        return document.Name == name
            ? document
            : throw OrreryException.InvalidInput($"The body declares specification '{document.Name}' but the path names '{name}'.");
    }

    /// <summary>The JSON form, checked by the <c>.spex</c> reader itself (written out and read back), so both forms accept the same.</summary>
    private static SpexDocument FromJson(string name, SpecBody body)
    {
        if (body.Transitions is not { Count: > 0 } transitions)
        {
            throw OrreryException.InvalidInput("transitions is required and has at least one {from, action, to}.");
        }
        var text = new StringBuilder();
        text.Append("Specification: ").Append(name).Append('\n');
        text.Append("Learning mode: ").Append(body.LearningMode == true ? "true" : "false").Append('\n');
        AppendHeader(text, "Transition timeout", body.TransitionTimeout);
        AppendHeader(text, "State timeouts", body.StateTimeouts is { Count: > 0 } timeouts ? string.Join(", ", timeouts.Select(t => $"{t.Key} {t.Value}")) : null);
        AppendHeader(text, "Prune timeout", body.PruneTimeout);
        AppendHeader(text, "Prunable states", body.PrunableStates);
        text.Append("Transitions:\n");
        foreach (var transition in transitions)
        {
            text.Append(transition.From ?? "").Append(" --[").Append(transition.Action ?? "").Append("]-> ").Append(transition.To ?? "").Append('\n');
        }
        try
        {
            return SpexFormat.Parse(text.ToString()) with { Source = null };
        }
        catch (SpexFormatException ex)
        {
            // The line is of the text built here, not of anything the caller wrote: only the reason is theirs.
            throw OrreryException.InvalidInput($"The specification does not read: {ex.Reason}.");
        }
    }

    private static void AppendHeader(StringBuilder text, string header, string? value)
    {
        if (value is not null)
        {
            text.Append(header).Append(": ").Append(value.ReplaceLineEndings(" ")).Append('\n');
        }
    }
}
