using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orrery.Runtime;

namespace Orrery.Sessions;

/// <summary>Builds the server messages of docs/live-sessions.md, each serialised once into its UTF-8 JSON.</summary>
public static class LiveMessages
{
    /// <summary>The answer to a client's ping: the session's current <paramref name="seq"/>, and the ping's id if it had one.</summary>
    public static LiveMessage Pong(long seq, string? id) =>
        Write(LiveMessageTypes.Pong, seq, new PongPayload(LiveMessageTypes.Pong, seq, id), LiveMessageJson.Default.PongPayload);

    /// <summary>The state of the session for one client that connected, or whose resume the backlog could not serve.</summary>
    public static LiveMessage Welcome(long seq, string sessionId, Guid gameId, LiveViewer viewer, LiveGameState state, LivePresence presence) =>
        Write(LiveMessageTypes.Welcome, seq, new WelcomePayload(LiveMessageTypes.Welcome, seq, sessionId, gameId, new ViewerPayload(viewer.UserId, viewer.IsSpectator), StatusOf(state),
            Standings(state.Standings), new PresenceFields(Players(presence), presence.Spectators)), LiveMessageJson.Default.WelcomePayload);

    public static LiveMessage TurnResult(long seq, LiveGameState state) =>
        Write(LiveMessageTypes.TurnResult, seq, new TurnResultPayload(LiveMessageTypes.TurnResult, seq, state.CurrentTurn, Standings(state.Standings), state.Status == RuntimeStatus.Finished, state.NextTurnAt),
            LiveMessageJson.Default.TurnResultPayload);

    public static LiveMessage Status(long seq, LiveGameState state) =>
        Write(LiveMessageTypes.Status, seq, new StatusPayload(LiveMessageTypes.Status, seq, StatusName(state.Status), state.Paused, state.CurrentTurn, state.NextTurnAt),
            LiveMessageJson.Default.StatusPayload);

    public static LiveMessage Presence(long seq, LivePresence presence) =>
        Write(LiveMessageTypes.Presence, seq, new PresencePayload(LiveMessageTypes.Presence, seq, Players(presence), presence.Spectators), LiveMessageJson.Default.PresencePayload);

    /// <param name="reason"><c>finished</c>, <c>stopped</c>, <c>removed</c> or <c>deleted</c> (<see cref="LiveEndReasons"/>).</param>
    public static LiveMessage Finished(long seq, string reason, int turn) =>
        Write(LiveMessageTypes.Finished, seq, new FinishedPayload(LiveMessageTypes.Finished, seq, reason, turn), LiveMessageJson.Default.FinishedPayload);

    private static StatusFields StatusOf(LiveGameState state) =>
        new(StatusName(state.Status), state.Paused, state.CurrentTurn, state.NextTurnAt);

    /// <summary>The status's wire name; null for a game that never started (it has no runtime record).</summary>
    private static string? StatusName(RuntimeStatus? status) => status is { } known ? WireNames<RuntimeStatus>.Name(known) : null;

    private static StandingPayload[] Standings(IReadOnlyList<PlayerTurnStats> standings) =>
        [.. standings.Select(s => new StandingPayload(s.UserId, s.RaceName, s.CurrentPlanets, s.CurrentPopulation, s.MaxPlanets, s.MaxPopulation))];

    private static PlayerPresencePayload[] Players(LivePresence presence) =>
        [.. presence.Players.Select(p => new PlayerPresencePayload(p.UserId, p.RaceName, p.Connections))];

    private static LiveMessage Write<T>(string type, long seq, T payload, JsonTypeInfo<T> typeInfo) =>
        new(seq, type, JsonSerializer.SerializeToUtf8Bytes(payload, typeInfo));
}
