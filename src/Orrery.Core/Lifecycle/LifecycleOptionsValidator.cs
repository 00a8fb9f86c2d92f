using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Lifecycle;

/// <summary>Every problem of <c>Orrery:Lifecycle</c> at once; nothing is clamped (0 workers is refused, not made 1).</summary>
internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options) => new SettingsProblems(LifecycleOptions.Section)
        .Positive(nameof(options.Workers), options.Workers)
        .Positive(nameof(options.QueueCapacity), options.QueueCapacity)
        .NotNegative(nameof(options.StopGracePeriod), options.StopGracePeriod)
        .Positive(nameof(options.HealthzDeadline), options.HealthzDeadline)
        .Positive(nameof(options.HealthzProbeTimeout), options.HealthzProbeTimeout)
        .Positive(nameof(options.HealthzFastProbeInterval), options.HealthzFastProbeInterval)
        .NotNegative(nameof(options.HealthzFastPhase), options.HealthzFastPhase)
        .Positive(nameof(options.HealthzProbeInterval), options.HealthzProbeInterval)
        .NotNegative(nameof(options.ShutdownDrain), options.ShutdownDrain)
        .Positive(nameof(options.QueueFullRetryAfter), options.QueueFullRetryAfter)
        .Result();
}
