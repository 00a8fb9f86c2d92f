using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// An entry's fields as one JSON object of strings, in the order they were appended (SPEC §6 entries are flat).
/// </summary>
/// <remarks>
/// One column, not a child table of (entry, name, value) rows: entries are written and read whole, never
/// queried by field, so an append stays one row insert however many fields it has.
/// </remarks>
internal static class StreamFields
{
    // Non-ASCII text is stored as is, not as \u escapes: smaller, and readable with the sqlite3 shell. The
    // relaxed encoder only matters for JSON embedded in HTML, which this never is.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="ArgumentException">No field, or a field without a value: a Redis entry needs one field at least, each with a string value.</exception>
    public static string ToJson(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("An entry needs at least one field.", nameof(fields));
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value ?? throw new ArgumentException($"Field '{name}' has no value.", nameof(fields)));
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <returns>The fields in their stored order (an ordered dictionary, so the order is a promise, not an accident).</returns>
    public static IReadOnlyDictionary<string, string> FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in document.RootElement.EnumerateObject())
        {
            fields.Add(field.Name, field.Value.GetString()!);
        }
        return fields;
    }
}
