namespace Orrery.Auth;

/// <summary>
/// API key roles (SPEC §11). Each role includes the ones below it: an admin may do what a lobby may,
/// and a lobby may read what a viewer may.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Lobby = "lobby";
    public const string Admin = "admin";

    public static bool IsKnown(string? role) => role is Viewer or Lobby or Admin;

    /// <summary>The role itself and every role it includes.</summary>
    public static IReadOnlyList<string> Granted(string role) => role switch
    {
        Admin => [Admin, Lobby, Viewer],
        Lobby => [Lobby, Viewer],
        Viewer => [Viewer],
        _ => [],
    };
}
