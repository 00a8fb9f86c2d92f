namespace Orrery.Streams;

/// <summary>Settings of the event streams (configuration section <c>Orrery:Streams</c>).</summary>
public sealed class StreamOptions
{
    public const string Section = "Orrery:Streams";

    /// <summary>About how many entries <c>gm:lobby_events</c> keeps; older ones are trimmed. Default 100,000.</summary>
    public long LobbyEventsMaxLength { get; set; } = 100_000;
}
