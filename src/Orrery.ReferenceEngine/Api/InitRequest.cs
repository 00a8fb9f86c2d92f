namespace Orrery.ReferenceEngine.Api;

/// <summary>Body of <c>POST /api/v1/admin/init</c>; everything nullable so the validator, not the parser, names what is missing.</summary>
internal sealed record InitRequest(Guid? GameId, IReadOnlyList<RaceRequest?>? Races);
