namespace Orrery.Persistence.Sqlite;

/// <summary>A row of <c>stream_offsets</c>: the last entry a consumer label processed on a stream.</summary>
internal sealed class StreamOffsetRow
{
    public static readonly string[] Columns = ["stream", "consumer", "entry_id"];

    public string Stream { get; set; } = "";
    public string Consumer { get; set; } = "";

    /// <summary>Canonical text (<c>ms-seq</c>, no leading zeros), as <see cref="Orrery.Streams.StreamEntryId.ToString"/> writes it.</summary>
    public string EntryId { get; set; } = "";
}
