namespace Orrery.ReferenceEngine.Api;

/// <summary><c>GET /healthz</c>: the game is loaded before the engine listens, so answering at all means ready.</summary>
internal static class HealthEndpoints
{
    public static RouteHandlerBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/healthz", () => "ok");
}
