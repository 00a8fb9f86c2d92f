using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Observability;

namespace Orrery.Settings;

/// <summary>
/// Logs the effective value of every validated settings class once, when the node starts (after validation passed):
/// what the node runs with, whichever of appsettings, environment and flags set it. Secrets are left out
/// (<see cref="SettingsText"/>).
/// </summary>
public sealed partial class EffectiveSettingsLog(IEnumerable<SettingsRegistration> settings, IServiceProvider services, ILogger<EffectiveSettingsLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in settings.OrderBy(s => s.Section, StringComparer.Ordinal))
        {
            var optionsType = typeof(IOptions<>).MakeGenericType(entry.OptionsType);
            var value = services.GetService(optionsType) is { } wrapper ? optionsType.GetProperty("Value")!.GetValue(wrapper) : null;
            if (value is not null)
            {
                Log.Effective(logger, entry.Section, SettingsText.Describe(value));
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.EffectiveSettingsLog.Effective, LogLevel.Information, "Settings {Section}: {Values}")]
        public static partial void Effective(ILogger logger, string section, string values);
    }
}
