namespace Orrery.Health;

/// <summary>
/// Carries health events about games another replica owns to that replica (cluster mode): the consumer group hands
/// any entry to any replica, but health decisions about a game are its owner's.
/// </summary>
public interface IHealthEventForwarder
{
    /// <summary>Applies <paramref name="events"/> (one game's, in stream order) on the game's owner.</summary>
    /// <exception cref="Exception">The owner could not be reached or does not own the game any longer: the batch is not acknowledged, and comes again.</exception>
    Task ForwardAsync(Guid gameId, IReadOnlyList<HealthEventEntry> events, CancellationToken cancellationToken);
}

/// <summary>A decoded health event with the id of the stream entry it came from.</summary>
public sealed record HealthEventEntry(string EntryId, HealthEvent Event);
