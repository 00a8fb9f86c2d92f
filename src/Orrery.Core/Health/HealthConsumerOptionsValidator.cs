using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Health;

/// <summary>Every problem of <c>Orrery:HealthConsumer</c> at once.</summary>
internal sealed class HealthConsumerOptionsValidator : IValidateOptions<HealthConsumerOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthConsumerOptions options) => new SettingsProblems(HealthConsumerOptions.Section)
        .Positive(nameof(options.BatchSize), options.BatchSize)
        .NotBlank(nameof(options.Label), options.Label)
        .NotBlank(nameof(options.Group), options.Group)
        .NotBlank(nameof(options.Consumer), options.Consumer)
        .Positive(nameof(options.ReadWait), options.ReadWait)
        .Positive(nameof(options.RetryDelay), options.RetryDelay)
        .Check(options.MaxRetryDelay >= options.RetryDelay, nameof(options.MaxRetryDelay),
            $"is {options.MaxRetryDelay}; it must be at least RetryDelay ({options.RetryDelay}).")
        // A replica still retrying a batch must not lose it to another's claim.
        .Check(options.ClaimIdle > options.MaxRetryDelay, nameof(options.ClaimIdle),
            $"is {options.ClaimIdle}; it must be longer than MaxRetryDelay ({options.MaxRetryDelay}), or a replica retrying a batch would lose it to a claim.")
        .Result();
}
