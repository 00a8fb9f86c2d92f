using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Docker;
using Orrery.Engines.Http;
using Orrery.Engines.Process;

namespace Orrery.Engines;

/// <summary>Registers the engine adapters: the process or Docker host, the HTTP client and the state directories.</summary>
public static class EnginesServiceCollectionExtensions
{
    /// <summary>Runs engines as detached local processes (embedded mode).</summary>
    public static IServiceCollection AddProcessEngineHost(this IServiceCollection services, Action<ProcessEngineHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ProcessEngineHostOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProcessEngineHostOptions>, ProcessEngineHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEngineHost, ProcessEngineHost>();
        return services;
    }

    /// <summary>
    /// Runs engines as Docker containers (production node). Bind the settings from
    /// <see cref="DockerEngineHostOptions.Section"/> in <paramref name="configure"/> or with
    /// <c>AddOptions&lt;DockerEngineHostOptions&gt;().BindConfiguration(...)</c>; they are validated on first use.
    /// </summary>
    public static IServiceCollection AddDockerEngineHost(this IServiceCollection services, Action<DockerEngineHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<DockerEngineHostOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerEngineHostOptions>, DockerEngineHostOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DockerEngineHost>();
        services.TryAddSingleton<IEngineHost>(provider => provider.GetRequiredService<DockerEngineHost>());
        // Its event stream lets the health monitor inspect an engine the moment it exits.
        services.TryAddSingleton<IEngineEventSource>(provider => provider.GetRequiredService<DockerEngineHost>());
        return services;
    }

    /// <summary>Speaks the engine HTTP contract, with the timeouts of <see cref="EngineClientOptions"/>.</summary>
    public static IServiceCollection AddHttpEngineClient(this IServiceCollection services, Action<EngineClientOptions>? configure = null)
    {
        var options = services.AddOptions<EngineClientOptions>();
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
        services.AddOptions<StateDirectoriesOptions>().Configure(o => o.RootDirectory = root);
        services.TryAddSingleton<IStateDirectories, FileSystemStateDirectories>();
        return services;
    }
}
