namespace Orrery.Engines;

/// <summary>The engine's StateResponse (SPEC §12).</summary>
public sealed record EngineState(Guid GameId, int Turn, bool Finished, IReadOnlyList<EnginePlayer> Players);

/// <summary>One player as the engine reports it.</summary>
public sealed record EnginePlayer(Guid Id, string RaceName, int Planets, long Population);

/// <summary>
/// Body of the engine's init call. <c>PlayerId</c> is Orrery's engine player id for the race, so that
/// snapshots match players by id first (engines that ignore it are matched by race name).
/// </summary>
public sealed record EngineInitRequest(Guid GameId, IReadOnlyList<EngineInitRace> Races);

public sealed record EngineInitRace(string RaceName, Guid PlayerId);
