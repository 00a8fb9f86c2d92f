using Orrery.Settings;

namespace Orrery.Auth;

/// <summary>
/// API keys (configuration section <c>Orrery:Auth</c>), e.g. <c>Orrery__Auth__ApiKeys__0__Key</c> and
/// <c>Orrery__Auth__ApiKeys__0__Role</c>. With no keys the API is open, which the node allows only on loopback.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Orrery:Auth";

    /// <summary>Keys shorter than this are refused at start-up: they are guessable.</summary>
    public const int MinimumKeyLength = 16;

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>One key: a name for the logs (the key itself is never logged), the secret, and its role.</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    [Secret]
    public string Key { get; set; } = "";
    public string Role { get; set; } = "";
}
