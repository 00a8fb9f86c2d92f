using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Hosting;

/// <summary>Every problem of the node's own settings (<c>Orrery:*</c>) at once.</summary>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options) => new SettingsProblems(NodeOptions.Section)
        .NotBlank(nameof(options.DataDirectory), options.DataDirectory)
        .NotBlank(nameof(options.Stack), options.Stack)
        .NotNegative(nameof(options.DemoGames), options.DemoGames)
        .Check(options.EngineCapacity >= 0, nameof(options.EngineCapacity),
            $"is {options.EngineCapacity}; it is the most engines the host may run, or 0 for no limit.")
        .Result();
}
