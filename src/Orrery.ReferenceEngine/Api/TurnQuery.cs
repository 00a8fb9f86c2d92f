using System.Globalization;

namespace Orrery.ReferenceEngine.Api;

/// <summary>
/// Reads the optional fencing parameters of the turn call: <c>expectedTurn</c> (play only at that turn) and
/// <c>gameId</c> (play only for that game: a caller holding a port that now belongs to another game's engine).
/// </summary>
internal static class TurnQuery
{
    public const string ExpectedTurn = "expectedTurn";
    public const string GameId = "gameId";

    /// <summary>False with a problem when a parameter is repeated or malformed.</summary>
    public static bool TryParse(IQueryCollection query, out TurnFence fence, out string problem)
    {
        fence = default;
        problem = string.Empty;
        if (!TryGetSingle(query, ExpectedTurn, out var turnText, ref problem) || !TryGetSingle(query, GameId, out var gameText, ref problem))
        {
            return false;
        }

        int? expectedTurn = null;
        if (turnText is not null)
        {
            if (!int.TryParse(turnText, NumberStyles.None, CultureInfo.InvariantCulture, out var turn))
            {
                problem = $"{ExpectedTurn} must be a turn number (an integer >= 0), not '{turnText}'.";
                return false;
            }
            expectedTurn = turn;
        }

        Guid? gameId = null;
        if (gameText is not null)
        {
            if (!Guid.TryParse(gameText, out var id))
            {
                problem = $"{GameId} must be a game id (a UUID), not '{gameText}'.";
                return false;
            }
            gameId = id;
        }

        fence = new TurnFence(expectedTurn, gameId);
        return true;
    }

    private static bool TryGetSingle(IQueryCollection query, string name, out string? value, ref string problem)
    {
        value = null;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }
        if (values.Count != 1)
        {
            problem = $"{name} must be given once.";
            return false;
        }
        value = values[0];
        return true;
    }
}

/// <summary>What a turn call requires of the game before it plays: its turn, its id (each optional).</summary>
internal readonly record struct TurnFence(int? ExpectedTurn, Guid? GameId);
