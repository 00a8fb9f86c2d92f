namespace Orrery.Settings;

/// <summary>A settings class registered with <see cref="SettingsServiceCollectionExtensions.AddValidatedOptions{TOptions, TValidator}"/>: logged once at start.</summary>
public sealed record SettingsRegistration(string Section, Type OptionsType);
