using System.Globalization;
using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Api;

/// <summary>Checks an init request and collects every problem, so a caller fixes them in one go.</summary>
internal static class InitRequestValidator
{
    public static bool TryValidate(InitRequest? request, out Guid gameId, out RaceSetup[] races, out List<string> problems)
    {
        problems = [];
        gameId = request?.GameId ?? Guid.Empty;
        races = [];
        if (request is null)
        {
            problems.Add("The body must be a JSON object {gameId, races:[{raceName, playerId?}]}.");
            return false;
        }

        if (gameId == Guid.Empty)
        {
            problems.Add("gameId is required and must be a non-empty UUID.");
        }

        if (request.Races is not { Count: > 0 } requested)
        {
            problems.Add("races must hold at least one race.");
        }
        else if (requested.Count > GameRules.MaxRaces)
        {
            problems.Add(Invariant($"races may hold at most {GameRules.MaxRaces} races, not {requested.Count}."));
        }
        else
        {
            races = CheckRaces(requested, problems);
        }

        return problems.Count == 0;
    }

    private static RaceSetup[] CheckRaces(IReadOnlyList<RaceRequest?> requested, List<string> problems)
    {
        // Exact (ordinal) comparison, the same uniqueness Orrery keeps for memberships.
        var names = new HashSet<string>(StringComparer.Ordinal);
        var playerIds = new HashSet<Guid>();
        var races = new RaceSetup[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i]?.RaceName;
            var playerId = requested[i]?.PlayerId;
            if (string.IsNullOrWhiteSpace(name) || name.Length > GameRules.MaxRaceNameLength)
            {
                problems.Add(Invariant($"races[{i}].raceName must be 1 to {GameRules.MaxRaceNameLength} characters."));
            }
            else if (!names.Add(name))
            {
                problems.Add(Invariant($"races[{i}].raceName '{name}' is used twice."));
            }

            if (playerId == Guid.Empty)
            {
                problems.Add(Invariant($"races[{i}].playerId must not be the empty UUID."));
            }
            else if (playerId is { } id && !playerIds.Add(id))
            {
                problems.Add(Invariant($"races[{i}].playerId {id} is used twice."));
            }

            races[i] = new RaceSetup(name ?? string.Empty, playerId);
        }

        return races;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
