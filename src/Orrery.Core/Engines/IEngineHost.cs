namespace Orrery.Engines;

/// <summary>
/// Runs engines: local processes or Docker containers. Implementations only ever see and touch the
/// engines labelled with their own stack.
/// </summary>
public interface IEngineHost
{
    /// <summary>What kind of host this is and where it runs engines: known without asking anything.</summary>
    EngineHostInfo Info { get; }

    /// <summary>What the machine the engines run on has, as far as the host can measure it. Fails like <see cref="ListAsync"/> when the host cannot be reached.</summary>
    Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken);

    /// <summary>Launches an engine and returns once the host reports it started (not yet healthy).</summary>
    /// <exception cref="Errors.OrreryException"><c>image_unavailable</c> or <c>engine_start_failed</c>.</exception>
    Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken);

    /// <summary>Asks the engine to stop, waits up to <paramref name="grace"/>, then kills it. A missing engine is not an error.</summary>
    Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken);

    /// <summary>Forgets a stopped engine (container or manifest). A missing engine is not an error.</summary>
    Task RemoveAsync(string engineId, CancellationToken cancellationToken);

    /// <summary>Every engine of this stack, running or not.</summary>
    Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Every engine of this stack on every host behind this one, and the hosts that could not be listed. A single host
    /// has nothing to add to <see cref="ListAsync"/>: it answers or the listing fails.
    /// </summary>
    async Task<EngineListing> ListByHostAsync(CancellationToken cancellationToken) => new(await ListAsync(cancellationToken), []);

    /// <summary>
    /// The games whose engine of this stack runs now, from the host's cheapest listing: what capacity counts, asked
    /// at every start. Hosts whose <see cref="ListAsync"/> costs more than one call (Docker inspects each container
    /// for its start time) answer it with less.
    /// </summary>
    async Task<IReadOnlyCollection<Guid>> ListRunningGamesAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken)).Where(e => e.Running).Select(e => e.GameId).OfType<Guid>().Distinct()];

    /// <summary>The engine's current state, or null if the host does not know it.</summary>
    Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken);
}
