using Microsoft.Extensions.Options;

namespace Orrery.Cluster;

/// <summary><see cref="ClusterSettings.Problems"/> as a validator, like every other settings class (the node also checks them before it builds the silo).</summary>
internal sealed class ClusterSettingsValidator : IValidateOptions<ClusterSettings>
{
    public ValidateOptionsResult Validate(string? name, ClusterSettings options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
