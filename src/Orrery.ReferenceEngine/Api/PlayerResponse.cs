namespace Orrery.ReferenceEngine.Api;

/// <summary>One player's standing in a <see cref="StateResponse"/>.</summary>
internal sealed record PlayerResponse(Guid Id, string RaceName, int Planets, long Population);
