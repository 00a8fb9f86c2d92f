using Dapper;
using Orrery.Streams;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The embedded event log (SPEC §1): streams in the <c>stream_entries</c> table of the node's database, each
/// with its head (last id, length) in <c>stream_heads</c>.
/// </summary>
/// <remarks>
/// An append is one short write transaction of compiled statements: read the head, insert the entry, trim when
/// due, write the head. The id comes from the head inside that transaction (<see cref="StreamEntryId.Next"/>),
/// so ids keep increasing across restarts, clock steps back and appends of other processes on the file.
/// A reader waiting for entries is woken at once by an append of this process (<see cref="StreamAppendSignals"/>)
/// and polls every <see cref="PollInterval"/> for appends of another process.
/// </remarks>
internal sealed class SqliteEventStream(SqliteDatabase database, TimeProvider time) : IEventStream
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly SqlitePreparedStatement<StreamAppendRow> SelectHead = new(
        "SELECT last_ms, last_seq, entry_count FROM stream_heads WHERE stream = @Stream", ["stream"]);

    private static readonly SqlitePreparedStatement<StreamAppendRow> InsertEntry = new(
        "INSERT INTO stream_entries (stream, ms, seq, fields) VALUES (@Stream, @Ms, @Seq, @Fields)", ["stream", "ms", "seq", "fields"]);

    // Everything older than the Keep newest entries: one range of the primary key.
    private static readonly SqlitePreparedStatement<StreamAppendRow> Trim = new("""
        DELETE FROM stream_entries WHERE stream = @Stream AND (ms, seq) <= (
            SELECT ms, seq FROM stream_entries WHERE stream = @Stream ORDER BY ms DESC, seq DESC LIMIT 1 OFFSET @Keep)
        """, ["stream", "keep"]);

    private static readonly SqlitePreparedStatement<StreamAppendRow> UpsertHead = new("""
        INSERT INTO stream_heads (stream, last_ms, last_seq, entry_count) VALUES (@Stream, @Ms, @Seq, @EntryCount)
        ON CONFLICT (stream) DO UPDATE SET last_ms = excluded.last_ms, last_seq = excluded.last_seq, entry_count = excluded.entry_count
        """, ["stream", "ms", "seq", "entry_count"]);

    private static readonly SqlitePreparedStatement<StreamOffsetRow> SaveOffset = new($"""
        INSERT INTO stream_offsets ({SqlColumns.Names(StreamOffsetRow.Columns)}) VALUES ({SqlColumns.Parameters(StreamOffsetRow.Columns)})
        ON CONFLICT (stream, consumer) DO UPDATE SET entry_id = excluded.entry_id
        """, StreamOffsetRow.Columns);

    internal const string ReadSql = """
        SELECT ms AS Ms, seq AS Seq, fields AS Fields FROM stream_entries
        WHERE stream = @Stream AND (ms, seq) > (@Ms, @Seq)
        ORDER BY ms, seq
        LIMIT @Count
        """;

    private const string LastIdSql = "SELECT last_ms AS Ms, last_seq AS Seq FROM stream_heads WHERE stream = @Stream";

    private const string GetOffsetSql = "SELECT entry_id FROM stream_offsets WHERE stream = @Stream AND consumer = @Consumer";

    private readonly StreamAppendSignals _signals = new();

    /// <summary>How often a waiting reader looks for appends made by another process on the same file.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>
    /// How many entries a stream may hold beyond its max length before a trim brings it back to the max: a tenth
    /// of it, at least 1 and at most 1,000. Trimming in batches costs one range delete per <c>slack</c> appends.
    /// </summary>
    public static long TrimSlack(long maxLength) => Math.Clamp(maxLength / 10, 1, 1_000);

    public async Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        StreamArguments.MaxLength(maxLength);
        var row = new StreamAppendRow { Stream = stream, Fields = StreamFields.ToJson(fields) };

        var ids = await database.WritePreparedAsync(transaction => AppendAsync(transaction, [row], maxLength, cancellationToken), cancellationToken);

        _signals.Pulse(stream);
        return ids[0].ToString();
    }

    /// <summary>Every entry in one transaction: a batch costs one commit.</summary>
    public async Task<IReadOnlyList<string>> AppendManyAsync(
        string stream, IReadOnlyList<IReadOnlyDictionary<string, string>> entries, long? maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        StreamArguments.MaxLength(maxLength);
        if (entries.Count == 0)
        {
            return [];
        }
        var rows = entries.Select(fields => new StreamAppendRow { Stream = stream, Fields = StreamFields.ToJson(fields) }).ToList();

        var ids = await database.WritePreparedAsync(transaction => AppendAsync(transaction, rows, maxLength, cancellationToken), cancellationToken);

        _signals.Pulse(stream);
        return ids.Select(id => id.ToString()).ToList();
    }

    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        var after = StreamArguments.EntryId(afterId, nameof(afterId));
        StreamArguments.ReadBounds(count, wait);

        var started = time.GetTimestamp();
        while (true)
        {
            using var next = _signals.Subscribe(stream);
            var entries = await ReadAfterAsync(stream, after, count, cancellationToken);
            var remaining = wait - time.GetElapsedTime(started);
            if (entries.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return entries;
            }

            // Woken by an append of this process, or after one poll interval (or what is left of the wait).
            await next.Appended
                .WaitAsync(remaining < PollInterval ? remaining : PollInterval, time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public Task<string> LastIdAsync(string stream, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        return database.ReadAsync(async connection =>
        {
            var head = await connection.QuerySingleOrDefaultAsync<HeadRow>(new CommandDefinition(LastIdSql, new { Stream = stream }, cancellationToken: cancellationToken));
            return (head is null ? StreamEntryId.Zero : new StreamEntryId(head.Ms, head.Seq)).ToString();
        }, cancellationToken);
    }

    public Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        return database.ReadAsync(async connection =>
            await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                GetOffsetSql, new { Stream = stream, Consumer = consumer }, cancellationToken: cancellationToken))
            ?? StreamEntryId.Zero.ToString(), cancellationToken);
    }

    public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        var row = new StreamOffsetRow { Stream = stream, Consumer = consumer, EntryId = StreamArguments.EntryId(entryId, nameof(entryId)).ToString() };
        return database.ExecutePreparedAsync(SaveOffset, row, cancellationToken);
    }

    /// <summary>Appends <paramref name="rows"/> (all of one stream) in order: the head is read and written once for all.</summary>
    private async Task<List<StreamEntryId>> AppendAsync(
        SqlitePreparedTransaction transaction, IReadOnlyList<StreamAppendRow> rows, long? maxLength, CancellationToken cancellationToken)
    {
        var (last, length) = await ReadHeadAsync(transaction, rows[0], cancellationToken);
        // The clock is read under the write gate, so this process hands out times in the order it commits.
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = new List<StreamEntryId>(rows.Count);
        foreach (var row in rows)
        {
            last = StreamEntryId.Next(last, now);
            (row.Ms, row.Seq) = (last.Milliseconds, last.Sequence);
            await transaction.ExecuteAsync(InsertEntry, row, cancellationToken);
            ids.Add(last);
        }

        var head = rows[^1];
        head.EntryCount = length + rows.Count;
        if (maxLength is { } max && head.EntryCount > max + TrimSlack(max))
        {
            head.Keep = max;
            head.EntryCount -= await transaction.ExecuteAsync(Trim, head, cancellationToken);
        }
        await transaction.ExecuteAsync(UpsertHead, head, cancellationToken);
        return ids;
    }

    private static async Task<(StreamEntryId Last, long Length)> ReadHeadAsync(
        SqlitePreparedTransaction transaction, StreamAppendRow row, CancellationToken cancellationToken)
    {
        await using var reader = await transaction.QueryAsync(SelectHead, row, cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (new StreamEntryId(reader.GetInt64(0), reader.GetInt64(1)), reader.GetInt64(2))
            : (StreamEntryId.Zero, 0);
    }

    private Task<IReadOnlyList<StreamEntry>> ReadAfterAsync(string stream, StreamEntryId after, int count, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
                ReadSql, new { Stream = stream, Ms = after.Milliseconds, Seq = after.Sequence, Count = count }, cancellationToken: cancellationToken));
            IReadOnlyList<StreamEntry> entries = rows
                .Select(r => new StreamEntry(new StreamEntryId(r.Ms, r.Seq).ToString(), StreamFields.FromJson(r.Fields)))
                .ToList();
            return entries;
        }, cancellationToken);

    private sealed record EntryRow(long Ms, long Seq, string Fields);

    private sealed record HeadRow(long Ms, long Seq);
}
