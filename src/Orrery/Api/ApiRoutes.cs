using Orrery.Sessions;

namespace Orrery.Api;

public static class ApiRoutes
{
    public const string Prefix = "/api/v1";

    /// <summary>Maps every REST route under <see cref="Prefix"/>.</summary>
    public static IEndpointRouteBuilder MapOrreryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix);
        api.MapEngineVersions();
        api.MapGames();
        api.MapLifecycle();
        api.MapOperations();
        api.MapRuntime();
        api.MapStreams();
        api.MapReconcile();
        api.MapEngineHosts();
        api.MapCluster();
        api.MapEventFeed();
        api.MapCaller();
        api.MapLiveTokens();
        api.MapLive();
        api.MapSpecs();
        api.MapSpecInstances();
        return app;
    }
}
