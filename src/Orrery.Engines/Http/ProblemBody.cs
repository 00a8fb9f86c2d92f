namespace Orrery.Engines.Http;

/// <summary>
/// The parts of an engine's <c>application/problem+json</c> error that Orrery reads (RFC 9457 plus <c>code</c>, and
/// <c>actualTurn</c> of a <c>turn_mismatch</c>).
/// </summary>
internal sealed record ProblemBody(string? Title = null, string? Detail = null, string? Code = null, int? ActualTurn = null);
