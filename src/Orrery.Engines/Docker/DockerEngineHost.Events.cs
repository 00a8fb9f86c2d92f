using System.Runtime.CompilerServices;

namespace Orrery.Engines.Docker;

// The daemon's event stream, so an engine's exit is inspected within a second (SPEC §6).
internal sealed partial class DockerEngineHost : IEngineEventSource
{
    /// <summary>
    /// The daemon's words for a container that stopped running or is gone, or whose image's <c>HEALTHCHECK</c> turned
    /// unhealthy (SPEC §6: <c>inspect_unhealthy</c>).
    /// </summary>
    private static readonly HashSet<string> Changes = new(StringComparer.Ordinal) { "die", "oom", "destroy", "health_status: unhealthy" };

    /// <summary>When the last event seen happened: a new watch resumes from there, so a reconnect misses nothing.</summary>
    private DateTimeOffset? _eventsSeenUntil;

    public async IAsyncEnumerable<EngineEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _eventsSeenUntil ??= DateTimeOffset.UtcNow;
        await foreach (var change in _docker.StreamEventsAsync(_ownLabels, _eventsSeenUntil, cancellationToken))
        {
            _eventsSeenUntil = DateTimeOffset.FromUnixTimeMilliseconds(change.TimeNano / 1_000_000);
            if (Changes.Contains(change.Action)
                && change.Actor.Attributes?.GetValueOrDefault(EngineLabels.GameId) is { } label
                && Guid.TryParse(label, out var gameId))
            {
                yield return new EngineEvent(gameId, change.Actor.Id, change.Action);
            }
        }
    }
}
