using System.Globalization;
using Orrery.Operations;
using Orrery.Runtime;

namespace Orrery.Streams;

/// <summary>
/// The entries of <c>orrery:operation_events</c>: every operation as it begins and ends, for the live feed of the
/// dashboard (<c>GET /api/v1/events</c>). The lobby stream tells only failures (SPEC §6); operators want to see a
/// pause or a patch succeed too. Flat string fields, as on a Redis stream; timestamps are Unix milliseconds.
/// </summary>
public static class OperationEvents
{
    public const string Stream = "orrery:operation_events";
    public const string EventType = "operation_changed";

    /// <summary>Kept short: the feed is for watching, the operation log is the record.</summary>
    public const long MaxLength = 10_000;

    public static Dictionary<string, string> Changed(Operation operation, DateTimeOffset at) => new()
    {
        ["event_type"] = EventType,
        ["game_id"] = operation.GameId.ToString("D"),
        ["operation_id"] = operation.Id.ToString("D"),
        ["op"] = WireNames<OperationKind>.Name(operation.Kind),
        ["source"] = WireNames<OperationSource>.Name(operation.Source),
        ["status"] = WireNames<OperationStatus>.Name(operation.Status),
        ["error_code"] = operation.ErrorCode ?? string.Empty,
        ["message"] = operation.ErrorMessage ?? string.Empty,
        ["occurred_at_ms"] = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
    };
}
