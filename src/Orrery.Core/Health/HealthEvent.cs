namespace Orrery.Health;

/// <summary>One entry of <c>runtime:health_events</c> (SPEC §6).</summary>
/// <param name="ContainerId">
/// The engine host's id of the engine observed (container id or process engine id); null when the producer did not say
/// (the seed's producers may omit it), and then the event is about whatever engine the game has.
/// </param>
/// <param name="Details">A JSON object with extra facts (<c>exit_code</c>, <c>oom</c>, <c>probe_error</c>...), or null.</param>
public sealed record HealthEvent(Guid GameId, string? ContainerId, HealthEventType Type, DateTimeOffset OccurredAt, string? Details = null);
