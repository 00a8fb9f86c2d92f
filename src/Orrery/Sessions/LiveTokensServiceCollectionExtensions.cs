using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Hosting;
using Orrery.Settings;

namespace Orrery.Sessions;

public static class LiveTokensServiceCollectionExtensions
{
    /// <summary>
    /// Player tokens (<c>Orrery:Live:TokenLifetime</c>, <c>Orrery:Live:SigningKeys</c>) and the admission of live
    /// connections. Without configured keys a node alone uses <c>&lt;data dir&gt;/live-signing.key</c>; a cluster replica
    /// refuses to start, since a key of its own would make the tokens other replicas mint fail on it.
    /// </summary>
    public static IServiceCollection AddLiveTokens(this IServiceCollection services, NodeOptions node, IConfiguration configuration)
    {
        services.AddValidatedOptions<LiveTokenOptions, LiveTokenOptionsValidator>(LiveTokenOptions.Section).BindConfiguration(LiveTokenOptions.Section);
        if (!configuration.GetValue<bool>($"{ClusterSettings.Section}:{nameof(ClusterSettings.Enabled)}"))
        {
            services.AddSingleton<IPostConfigureOptions<LiveTokenOptions>>(
                new LiveSigningKeyFile(Path.Combine(node.FullDataDirectory, LiveSigningKeyFile.FileName)));
        }
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LiveTokens>();
        services.AddSingleton<LiveAdmission>();
        return services;
    }
}
