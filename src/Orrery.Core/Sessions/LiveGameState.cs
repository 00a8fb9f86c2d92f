using Orrery.Runtime;

namespace Orrery.Sessions;

/// <summary>What a session tells its clients about the game: its runtime status, turn countdown and latest standings.</summary>
/// <param name="Status">Null while the game never started (it has no runtime record yet).</param>
public sealed record LiveGameState(RuntimeStatus? Status, bool Paused, int CurrentTurn, DateTimeOffset? NextTurnAt, IReadOnlyList<PlayerTurnStats> Standings)
{
    public static LiveGameState Of(RuntimeRecord? record, IReadOnlyList<PlayerTurnStats> standings) =>
        new(record?.Status, record?.Paused ?? false, record?.CurrentTurn ?? 0, record?.NextTurnAt, standings);

    /// <summary>True when the status, pause or next turn differ (what a <c>status</c> message reports), the turn aside.</summary>
    public bool StatusDiffers(LiveGameState other) => Status != other.Status || Paused != other.Paused || NextTurnAt != other.NextTurnAt;

    /// <summary>The reason a session of a game in this status ends with; null while it goes on.</summary>
    public string? EndReason => Status switch
    {
        RuntimeStatus.Finished => LiveEndReasons.Finished,
        RuntimeStatus.Stopped => LiveEndReasons.Stopped,
        RuntimeStatus.Removed => LiveEndReasons.Removed,
        _ => null,
    };
}
