using Orrery.Tests.Shared;

namespace Orrery.EndToEnd.Tests;

/// <summary>The environment of a production node on the test servers: PostgreSQL, Redis and the test dockerd with the engine image.</summary>
internal static class ProductionSettings
{
    /// <summary>One player-token key for every node of the test run: cluster replicas must share theirs (docs/live-sessions.md).</summary>
    private static readonly string LiveSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static Dictionary<string, string> Environment(string postgres, string stack) => new()
    {
        ["Orrery__Store"] = "postgres",
        ["ConnectionStrings__Postgres"] = postgres,
        ["Orrery__Streams"] = "redis",
        ["ConnectionStrings__Redis"] = TestServers.Redis,
        ["Orrery__EngineHost"] = "docker",
        ["Orrery__Docker__Endpoint"] = TestServers.Docker,
        ["Orrery__Docker__PullPolicy"] = "never",
        ["Orrery__BundledEngineImage"] = TestServers.EngineImage,
        ["Orrery__Stack"] = stack,
        ["Orrery__Live__SigningKeys__0"] = LiveSigningKey,
    };
}
