namespace Orrery.Sessions;

/// <summary>Who follows a game live on this node: its connected members and how many spectators.</summary>
/// <param name="Connections">Every open connection, players' and spectators'.</param>
/// <param name="Players">Connected members only, by race name.</param>
public sealed record LivePresence(Guid GameId, bool Running, int Connections, IReadOnlyList<LivePlayerPresence> Players, int Spectators)
{
    /// <summary>The presence of a game without a running session.</summary>
    public static LivePresence None(Guid gameId) => new(gameId, false, 0, [], 0);
}

/// <summary>A connected member and how many connections they have open.</summary>
public sealed record LivePlayerPresence(Guid UserId, string RaceName, int Connections);
