using Microsoft.Extensions.Logging;

namespace Orrery.Specs.Instances;

/// <summary>What every shard shares: the store, the registry, the models, the reports and the clock.</summary>
public sealed record SpecShardContext(
    ISpecInstanceStore Store,
    SpecRegistry Registry,
    ImplementationModels Models,
    SpecReports Reports,
    SpecMetrics Metrics,
    TimeProvider Time,
    ILogger<SpecShard> Logger,
    int MaxBatch);
