namespace Orrery.Engines;

/// <summary>
/// The labels every engine carries (SPEC §7). The stack label keeps two deployments that share one
/// host from touching each other's engines.
/// </summary>
public static class EngineLabels
{
    public const string Managed = "orrery.managed";
    public const string Stack = "orrery.stack";
    public const string GameId = "orrery.game_id";
    public const string EngineVersion = "orrery.engine_version";

    public static IReadOnlyDictionary<string, string> For(string stack, Guid gameId, string engineVersion) =>
        new Dictionary<string, string>
        {
            [Managed] = "1",
            [Stack] = stack,
            [GameId] = gameId.ToString(),
            [EngineVersion] = engineVersion,
        };
}
