using Orrery.ReferenceEngine.Game;

namespace Orrery.ReferenceEngine.Api;

/// <summary>The engine contract's StateResponse.</summary>
internal sealed record StateResponse(Guid GameId, int Turn, bool Finished, IReadOnlyList<PlayerResponse> Players)
{
    public static StateResponse From(GameState state) => new(
        state.GameId,
        state.Turn,
        state.Finished,
        [.. state.Races.Select((race, index) =>
            new PlayerResponse(race.PlayerId, race.Name, state.PlanetsOf(index), state.PopulationOf(index)))]);
}
