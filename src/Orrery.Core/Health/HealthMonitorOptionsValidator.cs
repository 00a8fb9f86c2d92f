using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Health;

/// <summary>Every problem of <c>Orrery:Health</c> at once; nothing is clamped.</summary>
internal sealed class HealthMonitorOptionsValidator : IValidateOptions<HealthMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthMonitorOptions options) => new SettingsProblems(HealthMonitorOptions.Section)
        .Positive(nameof(options.ProbeInterval), options.ProbeInterval)
        .Positive(nameof(options.ProbeTimeout), options.ProbeTimeout)
        .Positive(nameof(options.FailuresBeforeProbeFailed), options.FailuresBeforeProbeFailed)
        .Positive(nameof(options.InspectInterval), options.InspectInterval)
        .Positive(nameof(options.MaxParallelChecks), options.MaxParallelChecks)
        .Positive(nameof(options.StreamMaxLength), options.StreamMaxLength)
        .Result();
}
