namespace Orrery.Streams;

/// <summary>Settings of the lobby event stream (configuration section <c>Orrery:LobbyEvents</c>).</summary>
/// <remarks><c>Orrery:Streams</c> itself names the event-stream adapter (<c>embedded</c> or <c>redis</c>).</remarks>
public sealed class LobbyEventOptions
{
    public const string Section = "Orrery:LobbyEvents";

    /// <summary>About how many entries <c>gm:lobby_events</c> keeps; older ones are trimmed. Default 100,000.</summary>
    public long MaxLength { get; set; } = 100_000;
}
