using System.Text.Json;
using System.Text.Json.Serialization;
using Orrery.Games;
using Orrery.Lifecycle;
using Orrery.Operations;
using Orrery.Runtime;
using Orrery.Storage;
using Orrery.Versions;

namespace Orrery.Api;

// The wire shapes of the REST API. Kept apart from the domain types so the contract changes only on purpose.

public sealed record EngineVersionBody(string? ImageRef, bool? Deprecated);

public sealed record EngineVersionResponse(string Version, string ImageRef, bool Deprecated, DateTimeOffset CreatedAt)
{
    public static EngineVersionResponse From(EngineVersion v) => new(v.Version.ToString(), v.ImageRef, v.Deprecated, v.CreatedAt);
}

public sealed record PatchBody(string? Version);

public sealed record MembershipResponse(Guid UserId, string RaceName);

public sealed record GameResponse(
    Guid GameId,
    string TargetEngineVersion,
    string TurnSchedule,
    IReadOnlyList<MembershipResponse> Memberships,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    RuntimeResponse? Runtime,
    IReadOnlyList<string> AvailableOperations)
{
    /// <param name="runtime">The game's record; its status decides <see cref="AvailableOperations"/> (what the dashboard offers).</param>
    public static GameResponse From(Game game, RuntimeRecord? runtime) => new(
        game.Id,
        game.TargetEngineVersion,
        game.TurnSchedule,
        game.Memberships.Select(m => new MembershipResponse(m.UserId, m.RaceName)).ToList(),
        game.CreatedAt,
        game.UpdatedAt,
        runtime is null ? null : RuntimeResponse.From(runtime),
        [.. OperationAvailability.For(game.Id, runtime).Select(WireNames<OperationKind>.Name)]);
}

public sealed record RuntimeResponse(
    string Status,
    string? EngineId,
    string? ImageRef,
    string? EngineVersion,
    string? EngineEndpoint,
    string? StatePath,
    string? Network,
    string TurnSchedule,
    int CurrentTurn,
    string? EngineHealth,
    bool Paused,
    DateTimeOffset? PausedAt,
    bool SkipNextTick,
    DateTimeOffset? NextTurnAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? LastObservedAt,
    string? LastHealthEvent,
    DateTimeOffset? LastHealthEventAt,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>The details object of the last health event (exit code, probe error, health check output), if it had one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? LastHealthEventDetails { get; init; }

    public static RuntimeResponse From(RuntimeRecord r) => new(
        WireNames<RuntimeStatus>.Name(r.Status), r.EngineId, r.ImageRef, r.EngineVersion, r.EngineEndpoint, r.StatePath,
        r.Network, r.TurnSchedule, r.CurrentTurn, r.EngineHealth, r.Paused, r.PausedAt, r.SkipNextTick, r.NextTurnAt, r.StartedAt,
        r.StoppedAt, r.FinishedAt, r.LastObservedAt, r.LastHealthEvent, r.LastHealthEventAt, r.StatusChangedAt, r.UpdatedAt, r.Version)
    {
        // Validated as a JSON object when the event was consumed.
        LastHealthEventDetails = r.LastHealthEventDetails is { } details ? JsonSerializer.Deserialize<JsonElement>(details) : null,
    };
}

public sealed record OperationResponse(
    Guid OperationId,
    Guid GameId,
    string Op,
    string Source,
    string Status,
    string? TargetVersion,
    string? ImageRef,
    string? EngineId,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static OperationResponse From(Operation o) => new(
        o.Id, o.GameId, WireNames<OperationKind>.Name(o.Kind), WireNames<OperationSource>.Name(o.Source),
        WireNames<OperationStatus>.Name(o.Status), o.TargetVersion, o.ImageRef, o.EngineId, o.ErrorCode, o.ErrorMessage,
        o.CreatedAt, o.StartedAt, o.FinishedAt);
}

public sealed record PlayerMappingResponse(Guid GameId, Guid UserId, string RaceName, Guid EnginePlayerId);

public sealed record PlayerStatsResponse(Guid UserId, string RaceName, int CurrentPlanets, long CurrentPopulation, int MaxPlanets, long MaxPopulation)
{
    public static PlayerStatsResponse From(PlayerTurnStats s) =>
        new(s.UserId, s.RaceName, s.CurrentPlanets, s.CurrentPopulation, s.MaxPlanets, s.MaxPopulation);
}

public sealed record StreamEntryResponse(string Id, IReadOnlyDictionary<string, string> Fields);

public sealed record StreamReadResponse(string Stream, IReadOnlyList<StreamEntryResponse> Entries, string LastId);

public sealed record EndpointResponse(Guid GameId, string Endpoint);

public sealed record SnapshotResponse(Guid SnapshotId, Guid GameId, DateTimeOffset ObservedAt, int Turn, System.Text.Json.JsonElement State);

public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public static PageResponse<T> From<TSource>(Page<TSource> page, Func<TSource, T> map) =>
        new(page.Items.Select(map).ToList(), page.Number, page.Size, page.Total);
}

/// <summary>One event of the live feed: the stream entry it comes from, fields as on the stream.</summary>
public sealed record FeedEventResponse(string Stream, string EntryId, IReadOnlyDictionary<string, string> Fields);

/// <summary>Who the caller is: the dashboard shows only the actions the role allows.</summary>
public sealed record CallerResponse(string Name, string Role, bool KeysRequired);
