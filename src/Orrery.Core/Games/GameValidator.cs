using Orrery.Errors;
using Orrery.Versions;

namespace Orrery.Games;

/// <summary>
/// Checks a <see cref="GameRegistration"/> and reports every problem at once, so a lobby fixes its
/// request in one round trip.
/// </summary>
public static class GameValidator
{
    public const int MaxRaceNameLength = 64;
    public const int MaxMemberships = 1_000;

    public static IReadOnlyList<string> Validate(GameRegistration registration)
    {
        var problems = new List<string>();

        if (!SemVersion.TryParse(registration.TargetEngineVersion, out _))
        {
            problems.Add($"targetEngineVersion '{registration.TargetEngineVersion}' is not a semantic version (MAJOR.MINOR.PATCH[-pre]).");
        }

        if (TurnSchedule.TryParse(registration.TurnSchedule, out var scheduleError) is null)
        {
            problems.Add(scheduleError!);
        }

        var memberships = registration.Memberships ?? [];
        if (memberships.Count == 0)
        {
            problems.Add("memberships must contain at least one player.");
        }
        else if (memberships.Count > MaxMemberships)
        {
            problems.Add($"memberships may contain at most {MaxMemberships} players.");
        }

        var users = new HashSet<Guid>();
        var races = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < memberships.Count; i++)
        {
            var (userId, raceName) = (memberships[i].UserId, memberships[i].RaceName);
            if (userId is null || userId == Guid.Empty)
            {
                problems.Add($"memberships[{i}].userId must be a non-empty UUID.");
            }
            else if (!users.Add(userId.Value))
            {
                problems.Add($"memberships[{i}].userId {userId} appears more than once.");
            }

            if (string.IsNullOrWhiteSpace(raceName))
            {
                problems.Add($"memberships[{i}].raceName must not be empty.");
            }
            else if (raceName.Length > MaxRaceNameLength)
            {
                problems.Add($"memberships[{i}].raceName must be at most {MaxRaceNameLength} characters.");
            }
            else if (!races.Add(raceName))
            {
                problems.Add($"memberships[{i}].raceName '{raceName}' is already taken in this game.");
            }
        }

        return problems;
    }

    /// <summary>Validates and builds the game, or throws <see cref="ErrorCodes.InvalidInput"/> listing every problem.</summary>
    public static Game ToGame(Guid gameId, GameRegistration registration, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var problems = Validate(registration);
        if (problems.Count > 0)
        {
            throw OrreryException.InvalidInput(string.Join(" ", problems));
        }

        return new Game(
            gameId,
            SemVersion.Parse(registration.TargetEngineVersion!).ToString(),
            registration.TurnSchedule!.Trim(),
            registration.Memberships!.Select(m => new Membership(m.UserId!.Value, m.RaceName!)).ToList(),
            createdAt,
            now);
    }
}
