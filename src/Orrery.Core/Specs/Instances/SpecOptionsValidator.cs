using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Specs.Instances;

/// <summary>Reports every problem of the specification settings at once; nothing is clamped.</summary>
internal sealed class SpecOptionsValidator : IValidateOptions<SpecOptions>
{
    /// <summary>More shards than this only add loops and queries at start; the cluster spreads them, not their count.</summary>
    public const int MaxDistributionFactor = 1024;

    public ValidateOptionsResult Validate(string? name, SpecOptions options) => new SettingsProblems(SpecOptions.Section)
        .Check(options.DistributionFactor is > 0 and <= MaxDistributionFactor, nameof(options.DistributionFactor),
            $"is {options.DistributionFactor}; it must be between 1 and {MaxDistributionFactor}.")
        .Positive(nameof(options.MaxBatch), options.MaxBatch)
        .Positive(nameof(options.PruneInterval), options.PruneInterval)
        .Positive(nameof(options.TimeoutCheckInterval), options.TimeoutCheckInterval)
        .Result();
}
