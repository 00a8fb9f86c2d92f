namespace Orrery.Streams;

/// <summary>The streams of SPEC §6.</summary>
public static class StreamNames
{
    public const string LobbyEvents = "gm:lobby_events";
    public const string HealthEvents = "runtime:health_events";
}
