using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Runtime;
using Orrery.Specs.Checking;

namespace Orrery.Specs.Instances;

public static class SpecsServiceCollectionExtensions
{
    /// <summary>
    /// Registers specifications and their sharded instances (SPEC §9): the registry, the models, the shards with the
    /// host that runs them all, the driver of timeouts and pruning, the branching-bisimilarity checker, and the
    /// recording of the game runtime's status changes as <c>game-runtime</c> instances. Needs an
    /// <see cref="ISpecInstanceStore"/>, an <c>IEventStream</c> and the host's <c>IMeterFactory</c>.
    /// </summary>
    /// <param name="configure">
    /// Sets <see cref="SpecOptions"/>: the node binds section <see cref="SpecOptions.Section"/> here; an explicit option is a
    /// later <c>Configure&lt;SpecOptions&gt;</c>, which wins, so settings resolve explicit option, configuration, default.
    /// </param>
    public static IServiceCollection AddSpecInstances(this IServiceCollection services, Action<SpecOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<SpecOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpecOptions>, SpecOptionsValidator>());
        services.TryAddSingleton<IModelChecker, BranchingBisimulationChecker>();
        services.TryAddSingleton<IRuntimeStepLog, GameRuntimeInstances>();
        services.TryAddSingleton<SpecMetrics>();
        services.TryAddSingleton<SpecRegistry>();
        services.TryAddSingleton<ImplementationModels>();
        services.TryAddSingleton<SpecReports>();
        services.TryAddSingleton<SpecShards>();
        services.TryAddSingleton<ISpecShardForwarder, NoSpecShardForwarding>();
        services.TryAddSingleton<ISpecRegistrationBroadcast, NoOtherReplicas>();
        services.TryAddSingleton<SpecInstances>();
        services.TryAddSingleton<SpecModelExport>();
        services.TryAddSingleton<SpecLoading>();
        services.TryAddSingleton(new GameShards(GameShards.DefaultCount));
        services.AddSingleton<IShardParticipant, SpecShardOwnership>();
        services.AddHostedService<SpecShardHost>();
        services.AddHostedService<SpecInstancesDriver>();
        return services;
    }
}
