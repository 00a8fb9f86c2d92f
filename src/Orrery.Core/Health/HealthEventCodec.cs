using System.Globalization;
using System.Text.Json;
using Orrery.Runtime;

namespace Orrery.Health;

/// <summary>
/// The wire format of <c>runtime:health_events</c> (SPEC §6): flat string fields <c>game_id</c>,
/// <c>container_id</c> (optional: the seed's producers may omit it), <c>event_type</c>, <c>occurred_at_ms</c> (Unix ms,
/// &gt; 0) and an optional <c>details</c> JSON object. Any producer may write the stream, so decoding trusts nothing.
/// </summary>
public static class HealthEventCodec
{
    public const string GameId = "game_id";
    public const string ContainerId = "container_id";
    public const string EventType = "event_type";
    public const string OccurredAtMs = "occurred_at_ms";
    public const string Details = "details";

    /// <summary>Longest container id accepted (Docker's are 64 hex characters).</summary>
    public const int MaxContainerIdLength = 256;

    /// <summary>Largest details object accepted; a producer sending more is broken or hostile.</summary>
    public const int MaxDetailsLength = 16 * 1024;

    // 9999-12-31: DateTimeOffset's range; anything later cannot be a real observation.
    private static readonly long MaxOccurredAtMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static Dictionary<string, string> Encode(HealthEvent healthEvent)
    {
        // In SPEC §6's order on the wire; a missing container id is left out, not written empty.
        var fields = new Dictionary<string, string> { [GameId] = healthEvent.GameId.ToString("D") };
        if (healthEvent.ContainerId is not null)
        {
            fields[ContainerId] = healthEvent.ContainerId;
        }
        fields[EventType] = WireNames<HealthEventType>.Name(healthEvent.Type);
        fields[OccurredAtMs] = healthEvent.OccurredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        if (healthEvent.Details is not null)
        {
            fields[Details] = healthEvent.Details;
        }
        return fields;
    }

    /// <summary>Decodes an entry, or says why it cannot be applied.</summary>
    public static bool TryDecode(IReadOnlyDictionary<string, string> fields, out HealthEvent healthEvent, out HealthEventSkip skip)
    {
        healthEvent = null!;
        skip = Validate(fields, out var gameId, out var type, out var occurredAt);
        if (skip != HealthEventSkip.None)
        {
            return false;
        }
        var containerId = Present(fields, ContainerId) ? fields[ContainerId] : null;
        healthEvent = new HealthEvent(gameId, containerId, type, occurredAt, fields.GetValueOrDefault(Details));
        return true;
    }

    private static HealthEventSkip Validate(
        IReadOnlyDictionary<string, string> fields, out Guid gameId, out HealthEventType type, out DateTimeOffset occurredAt)
    {
        gameId = default;
        type = default;
        occurredAt = default;
        if (!Present(fields, GameId) || !Present(fields, EventType) || !Present(fields, OccurredAtMs))
        {
            return HealthEventSkip.MissingField;
        }
        if (!Guid.TryParseExact(fields[GameId], "D", out gameId))
        {
            return HealthEventSkip.InvalidGameId;
        }
        if (fields.GetValueOrDefault(ContainerId)?.Length > MaxContainerIdLength)
        {
            return HealthEventSkip.InvalidContainerId;
        }
        if (!WireNames<HealthEventType>.TryParse(fields[EventType], out type))
        {
            return HealthEventSkip.UnknownEventType;
        }
        if (!long.TryParse(fields[OccurredAtMs], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms <= 0 || ms > MaxOccurredAtMs)
        {
            return HealthEventSkip.InvalidOccurredAt;
        }
        occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return fields.TryGetValue(Details, out var details) && !IsJsonObject(details) ? HealthEventSkip.InvalidDetails : HealthEventSkip.None;
    }

    private static bool Present(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value);

    private static bool IsJsonObject(string text)
    {
        if (text.Length > MaxDetailsLength)
        {
            return false;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>Why an entry of <c>runtime:health_events</c> was skipped; the metric's <c>reason</c> tag in snake_case.</summary>
public enum HealthEventSkip
{
    None,
    MissingField,
    InvalidGameId,
    InvalidContainerId,
    UnknownEventType,
    InvalidOccurredAt,
    InvalidDetails,
    UnknownGame,
    /// <summary>The event names an engine that is not the game's current one (a replaced engine's late word): not applied.</summary>
    StaleEngine,
}
