namespace Orrery.Sessions;

/// <summary>
/// Who is on the other end of a live connection: a member of the game (<see cref="UserId"/> set) or a spectator
/// (an API key with the viewer role or above, <see cref="UserId"/> null).
/// </summary>
/// <param name="Name">The user id for a player, the API key's name for a spectator: for logs, never a secret.</param>
/// <param name="ExpiresAt">When the player's token expires (the periodic cleanup closes the connection then); null for a spectator.</param>
public sealed record LiveViewer(Guid? UserId, string Name, DateTimeOffset? ExpiresAt)
{
    public bool IsSpectator => UserId is null;

    public static LiveViewer Player(Guid userId, DateTimeOffset expiresAt) => new(userId, userId.ToString("D"), expiresAt);

    public static LiveViewer Spectator(string keyName) => new(null, keyName, null);
}
