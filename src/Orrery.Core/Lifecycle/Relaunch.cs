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
    /// <returns>The engine version the game runs.</returns>
    /// <exception cref="OrreryException"><c>invalid_transition</c> otherwise.</exception>
    public static string EnsureAllowed(Guid gameId, RuntimeStatus? status, string? engineVersion, string operation)
    {
        if (status is not { } known)
        {
            throw OrreryException.InvalidTransition($"Game {gameId} has never been started; there is nothing to {operation}.");
        }
        if (known is RuntimeStatus.Stopped or RuntimeStatus.Finished || engineVersion is null)
        {
            throw OrreryException.InvalidTransition(
                $"Game {gameId} is {WireNames<RuntimeStatus>.Name(known)}; only a game in play can {operation}.");
        }
        return engineVersion;
    }
}
