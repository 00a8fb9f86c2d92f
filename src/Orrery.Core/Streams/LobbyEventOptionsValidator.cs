using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Streams;

/// <summary>Refuses a lobby stream that could keep no entry.</summary>
internal sealed class LobbyEventOptionsValidator : IValidateOptions<LobbyEventOptions>
{
    public ValidateOptionsResult Validate(string? name, LobbyEventOptions options) => new SettingsProblems(LobbyEventOptions.Section)
        .Positive(nameof(options.MaxLength), options.MaxLength)
        .Result();
}
