using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using Orrery.Streams;

namespace Orrery.Persistence.Sqlite;

/// <summary>
/// The embedded event log: streams in the <c>stream_entries</c> table of the node's database (SPEC §1).
/// </summary>
/// <remarks>
/// An entry's id is computed inside its write transaction from the stream's last id, so ids keep increasing
/// across restarts and when the clock steps back. A reader waiting for entries is woken at once by an append
/// of this process, and polls every <see cref="PollInterval"/> for appends of another process on the file.
/// Retention trims in batches: a stream holds at most <c>maxLength</c> plus <see cref="TrimSlack"/> entries.
/// </remarks>
internal sealed class SqliteEventStream(SqliteDatabase database, TimeProvider time) : IEventStream
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private const string LastIdSql = "SELECT ms AS Milliseconds, seq AS Sequence FROM stream_entries WHERE stream = @Stream ORDER BY ms DESC, seq DESC LIMIT 1";
    private const string InsertSql = "INSERT INTO stream_entries (stream, ms, seq, fields) VALUES (@Stream, @Milliseconds, @Sequence, @Fields)";
    private const string TrimSql = """
        DELETE FROM stream_entries WHERE stream = @Stream AND (ms, seq) <= (
            SELECT ms, seq FROM stream_entries WHERE stream = @Stream ORDER BY ms DESC, seq DESC LIMIT 1 OFFSET @Keep)
        """;
    private const string ReadSql = """
        SELECT ms AS Milliseconds, seq AS Sequence, fields AS Fields FROM stream_entries
        WHERE stream = @Stream AND (ms > @Milliseconds OR (ms = @Milliseconds AND seq > @Sequence))
        ORDER BY ms, seq LIMIT @Count
        """;
    private const string GetOffsetSql = "SELECT entry_id FROM stream_offsets WHERE stream = @Stream AND consumer = @Consumer";
    private const string SaveOffsetSql = """
        INSERT INTO stream_offsets (stream, consumer, entry_id) VALUES (@Stream, @Consumer, @EntryId)
        ON CONFLICT (stream, consumer) DO UPDATE SET entry_id = excluded.entry_id
        """;

    /// <summary>Entries a stream may hold beyond its max length before a trim: a tenth of it, 1 to 1,000.</summary>
    public static long TrimSlack(long maxLength) => Math.Clamp(maxLength / 10, 1, 1_000);

    // Appends since each stream was last trimmed; a stream not seen yet by this process is trimmed at once.
    private readonly ConcurrentDictionary<string, long> _untrimmed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _appended = new(StringComparer.Ordinal);

    public async Task<string> AppendAsync(string stream, IReadOnlyDictionary<string, string> fields, long? maxLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentNullException.ThrowIfNull(fields);
        if (maxLength is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "A stream keeps at least one entry.");
        }
        var json = JsonSerializer.Serialize(fields);
        var trim = maxLength is { } max && _untrimmed.AddOrUpdate(stream, long.MaxValue / 2, (_, n) => n + 1) > TrimSlack(max);

        var id = await database.WriteInTransactionAsync(async (connection, transaction) =>
        {
            var last = await connection.QuerySingleOrDefaultAsync<IdRow>(
                new CommandDefinition(LastIdSql, new { Stream = stream }, transaction, cancellationToken: cancellationToken));
            var next = StreamEntryId.Next(last?.ToId() ?? StreamEntryId.Zero, time.GetUtcNow().ToUnixTimeMilliseconds());
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql, new { Stream = stream, next.Milliseconds, next.Sequence, Fields = json }, transaction, cancellationToken: cancellationToken));
            if (trim)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    TrimSql, new { Stream = stream, Keep = maxLength }, transaction, cancellationToken: cancellationToken));
            }
            return next;
        }, cancellationToken);

        if (trim)
        {
            _untrimmed[stream] = 0;
        }
        Signal(stream);
        return id.ToString();
    }

    public async Task<IReadOnlyList<StreamEntry>> ReadAsync(string stream, string afterId, int count, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var after = StreamEntryId.Parse(afterId);
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);

        while (true)
        {
            // Taken before the read, so an append between the read and the wait still wakes this reader.
            var appended = _appended.GetOrAdd(stream, _ => NewSignal()).Task;
            var entries = await ReadAfterAsync(stream, after, count, cancellationToken);
            var remaining = TimeSpan.FromSeconds((double)(deadline - time.GetTimestamp()) / time.TimestampFrequency);
            if (entries.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return entries;
            }
            await Task.WhenAny(appended, Task.Delay(remaining < PollInterval ? remaining : PollInterval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public Task<string> GetOffsetAsync(string stream, string consumer, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
            await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                GetOffsetSql, new { Stream = stream, Consumer = consumer }, cancellationToken: cancellationToken))
            ?? StreamEntryId.Zero.ToString(), cancellationToken);

    public Task SaveOffsetAsync(string stream, string consumer, string entryId, CancellationToken cancellationToken)
    {
        var id = StreamEntryId.Parse(entryId);
        return database.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            SaveOffsetSql, new { Stream = stream, Consumer = consumer, EntryId = id.ToString() }, cancellationToken: cancellationToken)), cancellationToken);
    }

    private Task<IReadOnlyList<StreamEntry>> ReadAfterAsync(string stream, StreamEntryId after, int count, CancellationToken cancellationToken) =>
        database.ReadAsync(async connection =>
        {
            var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(
                ReadSql, new { Stream = stream, after.Milliseconds, after.Sequence, Count = count }, cancellationToken: cancellationToken));
            IReadOnlyList<StreamEntry> entries = rows
                .Select(r => new StreamEntry(
                    new StreamEntryId(r.Milliseconds, r.Sequence).ToString(),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(r.Fields)!))
                .ToList();
            return entries;
        }, cancellationToken);

    private void Signal(string stream)
    {
        if (_appended.TryRemove(stream, out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record IdRow(long Milliseconds, long Sequence)
    {
        public StreamEntryId ToId() => new(Milliseconds, Sequence);
    }

    private sealed record EntryRow(long Milliseconds, long Sequence, string Fields);
}
