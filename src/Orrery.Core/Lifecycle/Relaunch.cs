using System.Diagnostics.CodeAnalysis;
using Orrery.Errors;
using Orrery.Runtime;

namespace Orrery.Lifecycle;

/// <summary>When restart and patch, which replace a game's engine mid-game, may run.</summary>
public static class Relaunch
{
    /// <summary>
    /// A game needs a runtime that is mid-game: never started or stopped games are started instead, and a
    /// finished game has no turns left to resume.
    /// </summary>
    /// <exception cref="OrreryException"><c>invalid_transition</c> otherwise.</exception>
    public static void EnsureAllowed(Guid gameId, [NotNull] RuntimeRecord? current, string operation)
    {
        if (current is null)
        {
            throw OrreryException.InvalidTransition($"Game {gameId} has never been started; there is nothing to {operation}.");
        }
        if (current.Status is RuntimeStatus.Stopped or RuntimeStatus.Finished || current.EngineVersion is null)
        {
            throw OrreryException.InvalidTransition(
                $"Game {gameId} is {WireNames<RuntimeStatus>.Name(current.Status)}; only a game in play can {operation}.");
        }
    }
}
