using System.Globalization;
using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>
/// The engine's settings, read from configuration (environment variables, or settings
/// a test host supplies) under the names Orrery sets when it spawns an engine.
/// </summary>
internal sealed class EngineOptions
{
    public const string StatePathKey = "GAME_STATE_PATH";
    public const string MaxTurnsKey = "ENGINE_MAX_TURNS";

    /// <summary>1 (default): a race holding most planets wins and the game ends; 0: only the turn limit ends it (long runs, benchmarks).</summary>
    public const string DominationEndsKey = "ENGINE_DOMINATION_ENDS";
    public const string TurnDelayKey = "ENGINE_TURN_DELAY_MS";
    public const string FailTurnKey = "ENGINE_FAIL_TURN";
    public const string StartupDelayKey = "ENGINE_STARTUP_DELAY_MS";

    /// <summary>Directory holding <c>state.json</c>; required.</summary>
    public required string StatePath { get; init; }

    /// <summary>Turn limit given to games initialised from now on; default 60.</summary>
    public int MaxTurns { get; init; } = GameRules.DefaultMaxTurns;

    /// <summary>Whether a dominant race ends the game before the turn limit.</summary>
    public bool DominationEnds { get; init; } = true;

    /// <summary>Fault injection: time each turn takes before it is generated; default none.</summary>
    public TimeSpan TurnDelay { get; init; }

    /// <summary>Fault injection: generating this turn number fails with 500; default none.</summary>
    public int? FailTurn { get; init; }

    /// <summary>Fault injection: time to wait before listening; default none.</summary>
    public TimeSpan StartupDelay { get; init; }

    /// <summary>Reads and checks every setting, reporting all problems at once.</summary>
    /// <exception cref="EngineStartupException">A setting is missing or invalid.</exception>
    public static EngineOptions Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var statePath = configuration[StatePathKey];
        if (string.IsNullOrWhiteSpace(statePath))
        {
            problems.Add($"{StatePathKey} is not set; it must name the directory that holds the game state.");
        }

        var maxTurns = ReadInt(configuration, MaxTurnsKey, min: 1, problems);
        var turnDelay = ReadInt(configuration, TurnDelayKey, min: 0, problems);
        var failTurn = ReadInt(configuration, FailTurnKey, min: 1, problems);
        var startupDelay = ReadInt(configuration, StartupDelayKey, min: 0, problems);
        var dominationEnds = ReadInt(configuration, DominationEndsKey, min: 0, problems);
        if (dominationEnds > 1)
        {
            problems.Add($"{DominationEndsKey} must be 0 or 1, not '{dominationEnds}'.");
        }
        if (problems.Count > 0)
        {
            throw new EngineStartupException(string.Join(" ", problems));
        }

        return new EngineOptions
        {
            StatePath = statePath!,
            MaxTurns = maxTurns ?? GameRules.DefaultMaxTurns,
            DominationEnds = dominationEnds != 0,
            TurnDelay = TimeSpan.FromMilliseconds(turnDelay ?? 0),
            FailTurn = failTurn,
            StartupDelay = TimeSpan.FromMilliseconds(startupDelay ?? 0),
        };
    }

    private static int? ReadInt(IConfiguration configuration, string key, int min, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        problems.Add($"{key} must be a whole number >= {min}, not '{text}'.");
        return null;
    }
}
