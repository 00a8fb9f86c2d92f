using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orrery.Settings;

public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// The one way a settings class is registered: its validator, checked when the host starts (a bad value stops the
    /// node with the validator's message, before anything runs), and its effective values logged once at start-up
    /// (<see cref="EffectiveSettingsLog"/>, secrets left out). Bind or configure it on the builder this returns.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        if (!services.Any(d => d.ServiceType == typeof(SettingsRegistration) && d.ImplementationInstance is SettingsRegistration s && s.OptionsType == typeof(TOptions)))
        {
            services.AddSingleton(new SettingsRegistration(section, typeof(TOptions)));
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EffectiveSettingsLog>());
        return services.AddOptions<TOptions>().ValidateOnStart();
    }
}
