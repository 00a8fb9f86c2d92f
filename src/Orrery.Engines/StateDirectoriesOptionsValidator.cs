using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Engines;

/// <summary>The games' state directories need a root (the node's is <c>&lt;Orrery:DataDirectory&gt;/games</c>).</summary>
internal sealed class StateDirectoriesOptionsValidator : IValidateOptions<StateDirectoriesOptions>
{
    public ValidateOptionsResult Validate(string? name, StateDirectoriesOptions options) => new SettingsProblems(nameof(StateDirectoriesOptions))
        .NotBlank(nameof(options.RootDirectory), options.RootDirectory)
        .Result();
}
