using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Engines.Http;

/// <summary>The engine client's timeouts and reply limit (set in code, not from configuration): refused when unusable.</summary>
internal sealed class EngineClientOptionsValidator : IValidateOptions<EngineClientOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineClientOptions options) => new SettingsProblems(nameof(EngineClientOptions))
        .Positive(nameof(options.RequestTimeout), options.RequestTimeout)
        .Positive(nameof(options.TurnTimeout), options.TurnTimeout)
        .Positive(nameof(options.ConnectTimeout), options.ConnectTimeout)
        .Positive(nameof(options.PooledConnectionLifetime), options.PooledConnectionLifetime)
        .Positive(nameof(options.MaxResponseBytes), options.MaxResponseBytes)
        .Result();
}
