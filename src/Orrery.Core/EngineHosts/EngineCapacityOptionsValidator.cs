using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.EngineHosts;

/// <summary>A negative capacity is refused, not read as "no limit" (0 is no limit).</summary>
internal sealed class EngineCapacityOptionsValidator : IValidateOptions<EngineCapacityOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineCapacityOptions options) => new SettingsProblems(nameof(EngineCapacityOptions))
        .NotNegative(nameof(options.Capacity), options.Capacity)
        .Result();
}
