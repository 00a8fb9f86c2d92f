namespace Orrery.Engines;

/// <summary>The environment every engine host hands an engine, and the checks on operator-supplied extras.</summary>
internal static class EngineEnvironment
{
    public const string StatePath = "GAME_STATE_PATH";
    public const string Port = "ENGINE_PORT";
    public const string AspNetCoreUrls = "ASPNETCORE_URLS";

    /// <summary>The variables the hosts set themselves: the engine contract depends on them (SPEC §12).</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { StatePath, Port, AspNetCoreUrls };

    /// <summary>One message per extra variable that is reserved or not a valid name.</summary>
    public static IEnumerable<string> Problems(IDictionary<string, string> extras, string settingName)
    {
        foreach (var key in extras.Keys)
        {
            if (Reserved.Contains(key))
            {
                yield return $"{settingName} must not set {key}: the host sets it for each engine.";
            }
            else if (key.Length == 0 || key.Contains('='))
            {
                yield return $"{settingName} has an invalid variable name '{key}'.";
            }
        }
    }
}
