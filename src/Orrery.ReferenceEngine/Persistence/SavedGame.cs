using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Persistence;

/// <summary>The content of <c>state.json</c>.</summary>
/// <param name="Format">File format version, so a patched engine can tell an old file from a new one.</param>
/// <param name="Game">The saved game.</param>
internal sealed record SavedGame(int Format, GameState Game)
{
    public const int CurrentFormat = 1;
}
