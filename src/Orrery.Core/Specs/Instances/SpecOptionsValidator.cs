using Microsoft.Extensions.Options;

namespace Orrery.Specs.Instances;

/// <summary>Reports every problem of the specification settings at once; nothing is clamped.</summary>
internal sealed class SpecOptionsValidator : IValidateOptions<SpecOptions>
{
    /// <summary>More shards than this only add loops and queries at start; the cluster spreads them, not their count.</summary>
    public const int MaxDistributionFactor = 1024;

    public ValidateOptionsResult Validate(string? name, SpecOptions options)
    {
        var problems = new List<string>();
        if (options.DistributionFactor is <= 0 or > MaxDistributionFactor)
        {
            problems.Add($"{SpecOptions.Section}:{nameof(options.DistributionFactor)} is {options.DistributionFactor}; it must be between 1 and {MaxDistributionFactor}.");
        }
        if (options.MaxBatch <= 0)
        {
            problems.Add($"{SpecOptions.Section}:{nameof(options.MaxBatch)} is {options.MaxBatch}; it must be positive.");
        }
        Positive(problems, nameof(options.PruneInterval), options.PruneInterval);
        Positive(problems, nameof(options.TimeoutCheckInterval), options.TimeoutCheckInterval);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{SpecOptions.Section}:{setting} is {value}; it must be longer than zero.");
        }
    }
}
