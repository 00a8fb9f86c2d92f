namespace Orrery.Sessions;

public static class LiveServiceCollectionExtensions
{
    /// <summary>The node's side of live sessions: WebSocket connections, served here or relayed from the game's owner.</summary>
    public static IServiceCollection AddLiveConnections(this IServiceCollection services)
    {
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<LiveRelays>();
        return services;
    }
}
