namespace Orrery.Engines.Http;

/// <summary>The parts of an engine's <c>application/problem+json</c> error that Orrery reports (RFC 9457 plus <c>code</c>).</summary>
internal sealed record ProblemBody(string? Title = null, string? Detail = null, string? Code = null);
