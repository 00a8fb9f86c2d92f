namespace Orrery.Persistence.Sqlite;

/// <summary>The parameters of one append's statements: its entry in <c>stream_entries</c> and its stream's <c>stream_heads</c> row.</summary>
internal sealed class StreamAppendRow
{
    public string Stream { get; set; } = "";
    public long Ms { get; set; }
    public long Seq { get; set; }
    public string Fields { get; set; } = "";

    /// <summary>The stream's length once this append (and any trim) is done.</summary>
    public long EntryCount { get; set; }

    /// <summary>How many of the newest entries a trim keeps.</summary>
    public long Keep { get; set; }
}
