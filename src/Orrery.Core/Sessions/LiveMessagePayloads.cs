using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orrery.Sessions;

// The wire shapes of docs/live-sessions.md, "Messages": `type` and `seq` first, camelCase.

internal sealed record WelcomePayload(
    string Type, long Seq, string Session, Guid GameId, ViewerPayload You, StatusFields Status, IReadOnlyList<StandingPayload> Standings,
    PresenceFields Presence);

internal sealed record ViewerPayload(Guid? UserId, bool Spectator);

internal sealed record StatusFields(string? RuntimeStatus, bool Paused, int CurrentTurn, DateTimeOffset? NextTurnAt);

internal sealed record PresenceFields(IReadOnlyList<PlayerPresencePayload> Players, int Spectators);

internal sealed record PlayerPresencePayload(Guid UserId, string RaceName, int Connections);

internal sealed record StandingPayload(Guid UserId, string RaceName, int Planets, long Population, int MaxPlanets, long MaxPopulation);

internal sealed record TurnResultPayload(string Type, long Seq, int Turn, IReadOnlyList<StandingPayload> Standings, bool Finished, DateTimeOffset? NextTurnAt);

internal sealed record StatusPayload(string Type, long Seq, string? RuntimeStatus, bool Paused, int CurrentTurn, DateTimeOffset? NextTurnAt);

internal sealed record PresencePayload(string Type, long Seq, IReadOnlyList<PlayerPresencePayload> Players, int Spectators);

internal sealed record FinishedPayload(string Type, long Seq, string Reason, int Turn);

internal sealed record PongPayload(string Type, long Seq, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id);

/// <summary>Serialisation without reflection: each message is written once and sent as is to every client.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WelcomePayload))]
[JsonSerializable(typeof(TurnResultPayload))]
[JsonSerializable(typeof(StatusPayload))]
[JsonSerializable(typeof(PresencePayload))]
[JsonSerializable(typeof(FinishedPayload))]
[JsonSerializable(typeof(PongPayload))]
internal sealed partial class LiveMessageJson : JsonSerializerContext;
