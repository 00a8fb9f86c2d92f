using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>The outcome of an init or turn: a status, the state when it is <see cref="GameCommandStatus.Ok"/>, and why otherwise.</summary>
internal readonly record struct GameCommandResult(GameCommandStatus Status, GameState? State, string Detail)
{
    public static GameCommandResult Ok(GameState state) => new(GameCommandStatus.Ok, state, string.Empty);

    public static GameCommandResult Rejected(GameCommandStatus status, string detail) => new(status, null, detail);
}
