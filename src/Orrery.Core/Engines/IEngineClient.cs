namespace Orrery.Engines;

/// <summary>Speaks the engine HTTP contract (SPEC §12).</summary>
public interface IEngineClient
{
    /// <summary>True when <c>GET /healthz</c> answered 200 before the token fired.</summary>
    Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken);

    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken);

    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken);

    /// <summary>
    /// <c>PUT /api/v1/admin/turn?expectedTurn=N&amp;gameId=G</c>: generates one turn, fenced by <paramref name="expectedTurn"/>
    /// (the current turn of the game's runtime record): an engine that knows the parameter plays only if its own current
    /// turn is N, so a turn is never played twice by two callers holding the same record (SPEC §10). An engine that
    /// knows <paramref name="gameId"/> refuses (409) when it holds another game: a port handed to a new engine after
    /// the game's own engine died must not make another game turn.
    /// </summary>
    /// <exception cref="EngineTurnMismatchException">The engine is at another turn and generated nothing.</exception>
    /// <exception cref="EngineCallException">The engine refused or failed the call.</exception>
    Task<EngineState> GenerateTurnAsync(Uri endpoint, Guid gameId, int expectedTurn, CancellationToken cancellationToken);
}
