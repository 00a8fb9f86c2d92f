using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Persistence;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>
/// Owns the one game of this engine: serialises init and turns, saves every change
/// before anyone can see it, and applies the fault-injection settings.
/// </summary>
internal sealed partial class GameService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly GameStateStore _store;
    private readonly EngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GameService> _logger;

    // Swapped whole under the gate; readers take the latest instance without locking.
    private volatile GameState? _state;

    public GameService(GameStateStore store, EngineOptions options, TimeProvider time, ILogger<GameService> logger)
    {
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The current game, or null before init.</summary>
    public GameState? Current => _state;

    /// <summary>Picks up the saved game, if any, so a restarted engine continues where it stopped.</summary>
    /// <exception cref="EngineStartupException">The state file exists but cannot be read.</exception>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            _state = await _store.LoadAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EngineStartupException($"Cannot load the game state from {_store.Directory}: {e.Message}", e);
        }
    }

    /// <summary>Creates the game; for the game already here it returns the current state (Orrery re-runs starts).</summary>
    public async Task<GameCommandResult> InitAsync(Guid gameId, IReadOnlyList<RaceSetup> races, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state is { } current)
            {
                return current.GameId == gameId
                    ? GameCommandResult.Ok(current)
                    : GameCommandResult.Rejected(
                        GameCommandStatus.OtherGame, $"The state directory already holds game {current.GameId}.");
            }

            var created = await CommitAsync(GalaxyGenerator.Create(gameId, races, _options.MaxTurns));
            if (created.Status == GameCommandStatus.Ok)
            {
                LogInitialised(gameId, races.Count, created.State!.Planets.Count);
            }

            return created;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Generates exactly one turn and saves it; on any failure the state stays as it was. With
    /// <paramref name="expectedTurn"/> (a fencing token) the turn is generated only if the game is at that turn, checked
    /// under the same gate as the turn itself: of two calls expecting the same turn, exactly one plays. With
    /// <paramref name="gameId"/> it is generated only for that game: a caller that reached this engine on a port its
    /// own game's engine held before must not make this game turn.
    /// </summary>
    public async Task<GameCommandResult> NextTurnAsync(int? expectedTurn, Guid? gameId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_state is not { } current)
            {
                return GameCommandResult.Rejected(GameCommandStatus.NotInitialised, "The game has not been initialised.");
            }

            if (gameId is { } asked && asked != current.GameId)
            {
                return GameCommandResult.Rejected(GameCommandStatus.OtherGame, $"This engine holds game {current.GameId}, not {asked}.");
            }

            // Before the finished check: a caller one turn behind a game that finished must learn the turn it missed.
            if (expectedTurn is { } expected && expected != current.Turn)
            {
                LogTurnMismatch(expected, current.Turn);
                return GameCommandResult.Mismatch(current, expected);
            }

            if (current.Finished)
            {
                return GameCommandResult.Rejected(GameCommandStatus.Finished, $"The game finished at turn {current.Turn}.");
            }

            if (_options.TurnDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.TurnDelay, _time, cancellationToken);
            }

            var turn = current.Turn + 1;
            if (_options.FailTurn == turn)
            {
                LogInjectedFailure(turn);
                return GameCommandResult.Rejected(
                    GameCommandStatus.Failed, $"Turn {turn} failed on purpose ({EngineOptions.FailTurnKey}).");
            }

            var next = await CommitAsync(TurnGenerator.Next(current, _options.DominationEnds));
            if (next.Status == GameCommandStatus.Ok)
            {
                LogTurnGenerated(turn, next.State!.Finished);
            }

            return next;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Saves, then publishes: nobody sees a state that a crash could take back.</summary>
    private async Task<GameCommandResult> CommitAsync(GameState state)
    {
        try
        {
            // Not the caller's token: once the work is done, a client hanging up must not tear the save.
            await _store.SaveAsync(state, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(_store.Directory, e);
            return GameCommandResult.Rejected(GameCommandStatus.Failed, $"Cannot save the game state: {e.Message}");
        }

        _state = state;
        return GameCommandResult.Ok(state);
    }
}
