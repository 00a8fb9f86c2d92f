namespace Orrery.Streams;

/// <summary>
/// Named, ordered, durable streams of flat string-field entries (SPEC §6): the embedded log in SQLite, or
/// Redis Streams. Entry ids have Redis's shape, <c>&lt;unix-ms&gt;-&lt;seq&gt;</c>, and increase within a stream.
/// </summary>
public interface IEventStream
{
    /// <summary>Appends one entry and returns its id. Retention keeps about <paramref name="maxLength"/> newest entries when given.</summary>
    Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken);

    /// <summary>
    /// Appends several entries to one stream, in order, and returns their ids. Adapters write them in one
    /// transaction or pipeline where they can; this fallback appends one at a time.
    /// </summary>
    async Task<IReadOnlyList<string>> AppendManyAsync(
        string stream, IReadOnlyList<IReadOnlyDictionary<string, string>> entries, long? maxLength, CancellationToken cancellationToken)
    {
        var ids = new List<string>(entries.Count);
        foreach (var fields in entries)
        {
            ids.Add(await AppendAsync(stream, fields, maxLength, cancellationToken));
        }
        return ids;
    }

    /// <summary>
    /// Up to <paramref name="count"/> entries with ids greater than <paramref name="afterId"/> (<c>0-0</c> for
    /// the beginning), oldest first. When there are none yet, waits up to <paramref name="wait"/> for one.
    /// </summary>
    Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>
    /// The id of the newest entry of <paramref name="stream"/> (<c>0-0</c> when it has none; an adapter may answer the
    /// last id it gave out, of an entry retention removed): every later append has a greater id, so a reader starting
    /// there misses nothing, whatever the clocks say.
    /// </summary>
    Task<string> LastIdAsync(string stream, CancellationToken cancellationToken);

    /// <summary>The last entry id a consumer label has processed on a stream, or <c>0-0</c> if it never saved one.</summary>
    Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="consumer"/> has processed everything up to <paramref name="entryId"/>.</summary>
    Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken);
}

/// <summary>One stream entry.</summary>
public sealed record StreamEntry(string Id, IReadOnlyDictionary<string, string> Fields);
