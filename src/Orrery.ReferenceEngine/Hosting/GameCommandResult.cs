using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>
/// The outcome of an init or turn: a status, the state when it is <see cref="GameCommandStatus.Ok"/> (or the unchanged
/// current state for <see cref="GameCommandStatus.TurnMismatch"/>), and why otherwise.
/// </summary>
internal readonly record struct GameCommandResult(GameCommandStatus Status, GameState? State, string Detail)
{
    public static GameCommandResult Ok(GameState state) => new(GameCommandStatus.Ok, state, string.Empty);

    /// <summary>The turn was refused because the game is not at <paramref name="expectedTurn"/>; <paramref name="current"/> is unchanged.</summary>
    public static GameCommandResult Mismatch(GameState current, int expectedTurn) => new(
        GameCommandStatus.TurnMismatch,
        current,
        $"The game is at turn {current.Turn}, not at the expected turn {expectedTurn}; no turn was generated.");

    public static GameCommandResult Rejected(GameCommandStatus status, string detail) => new(status, null, detail);
}
