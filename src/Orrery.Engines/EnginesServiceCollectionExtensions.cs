using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.EngineHosts;
using Orrery.Engines.Docker;
using Orrery.Engines.Http;
using Orrery.Engines.Process;
using Orrery.Settings;

namespace Orrery.Engines;

/// <summary>Registers the engine adapters: the process or Docker host, the HTTP client and the state directories.</summary>
public static class EnginesServiceCollectionExtensions
{
    /// <summary>Runs engines as detached local processes (embedded mode).</summary>
    public static IServiceCollection AddProcessEngineHost(this IServiceCollection services, Action<ProcessEngineHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        // Filled from Orrery:DataDirectory and Orrery:Stack, not a section of its own.
        services.AddValidatedOptions<ProcessEngineHostOptions, ProcessEngineHostOptionsValidator>(nameof(ProcessEngineHostOptions)).Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEngineHost, ProcessEngineHost>();
        return services;
    }

    /// <summary>
    /// Runs engines as Docker containers (production node), on one daemon or several (<see cref="DockerEngineHostOptions.Hosts"/>).
    /// Bind the settings from <see cref="DockerEngineHostOptions.Section"/> in <paramref name="configure"/> or with
    /// <c>AddOptions&lt;DockerEngineHostOptions&gt;().BindConfiguration(...)</c>; they are validated when the host starts. Registers
    /// the node's <see cref="EngineHostFleet"/> (the daemons with their capacities, <see cref="EngineCapacityOptions"/> for
    /// those that set none); the engine host is a <see cref="RoutedEngineHost"/> over them.
    /// </summary>
    public static IServiceCollection AddDockerEngineHost(this IServiceCollection services, Action<DockerEngineHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedOptions<DockerEngineHostOptions, DockerEngineHostOptionsValidator>(DockerEngineHostOptions.Section).Configure(configure);
        services.AddOptions<EngineCapacityOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DockerEngineHosts>();
        // Replaces the lifecycle's default fleet (the engine host alone), whichever was registered first.
        services.Replace(ServiceDescriptor.Singleton(provider => provider.GetRequiredService<DockerEngineHosts>().Fleet));
        // Even over one daemon: it then keeps the daemon's plain ids, and still routes ids that name it (a node that had
        // several hosts and kept one).
        services.TryAddSingleton(provider => new RoutedEngineHost(
            provider.GetRequiredService<EngineHostFleet>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RoutedEngineHost>>()));
        services.TryAddSingleton<IEngineHost>(provider => provider.GetRequiredService<RoutedEngineHost>());
        // Its event stream (every daemon's) lets the health monitor inspect an engine the moment it exits.
        services.TryAddSingleton<IEngineEventSource>(provider => provider.GetRequiredService<RoutedEngineHost>());
        return services;
    }

    /// <summary>Speaks the engine HTTP contract, with the timeouts of <see cref="EngineClientOptions"/>.</summary>
    public static IServiceCollection AddHttpEngineClient(this IServiceCollection services, Action<EngineClientOptions>? configure = null)
    {
        var options = services.AddValidatedOptions<EngineClientOptions, EngineClientOptionsValidator>(nameof(EngineClientOptions));
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton<IEngineClient, HttpEngineClient>();
        return services;
    }

    /// <summary>Keeps each game's engine state in <c>&lt;root&gt;/&lt;game-uuid&gt;</c>.</summary>
    public static IServiceCollection AddFileSystemStateDirectories(this IServiceCollection services, string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        services.AddValidatedOptions<StateDirectoriesOptions, StateDirectoriesOptionsValidator>(nameof(StateDirectoriesOptions)).Configure(o => o.RootDirectory = root);
        services.TryAddSingleton<IStateDirectories, FileSystemStateDirectories>();
        return services;
    }
}
