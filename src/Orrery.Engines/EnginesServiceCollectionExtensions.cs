using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Http;
using Orrery.Engines.Process;

namespace Orrery.Engines;

/// <summary>Registers the engine adapters: the process host, the HTTP client and the state directories.</summary>
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
