using System.Globalization;

namespace Orrery.ReferenceEngine.Api;

/// <summary>Reads the optional <c>expectedTurn</c> query parameter of the turn call: the fencing token.</summary>
internal static class ExpectedTurnQuery
{
    public const string Name = "expectedTurn";

    /// <summary>False with a problem when the parameter is repeated or not a turn number (an integer >= 0).</summary>
    public static bool TryParse(IQueryCollection query, out int? expectedTurn, out string problem)
    {
        expectedTurn = null;
        problem = string.Empty;
        if (!query.TryGetValue(Name, out var values))
        {
            return true;
        }

        if (values.Count != 1)
        {
            problem = $"{Name} must be given once.";
            return false;
        }

        if (!int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var turn))
        {
            problem = $"{Name} must be a turn number (an integer >= 0), not '{values[0]}'.";
            return false;
        }

        expectedTurn = turn;
        return true;
    }
}
