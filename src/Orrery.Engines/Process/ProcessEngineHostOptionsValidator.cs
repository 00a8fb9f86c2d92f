using Microsoft.Extensions.Options;

namespace Orrery.Engines.Process;

/// <summary>Reports every problem of the process host settings at once, not just the first.</summary>
internal sealed class ProcessEngineHostOptionsValidator : IValidateOptions<ProcessEngineHostOptions>
{
    /// <summary>The variables the host sets itself: the engine contract depends on them (SPEC §12).</summary>
    public static readonly IReadOnlySet<string> ReservedVariables =
        new HashSet<string>(StringComparer.Ordinal) { "GAME_STATE_PATH", "ENGINE_PORT", "ASPNETCORE_URLS" };

    public ValidateOptionsResult Validate(string? name, ProcessEngineHostOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.EnginesDirectory))
        {
            problems.Add($"{nameof(options.EnginesDirectory)} is required.");
        }
        if (string.IsNullOrWhiteSpace(options.Stack))
        {
            problems.Add($"{nameof(options.Stack)} must not be empty.");
        }
        if (string.IsNullOrWhiteSpace(options.ReferenceEnginePath))
        {
            problems.Add($"{nameof(options.ReferenceEnginePath)} must not be empty.");
        }
        foreach (var key in options.Environment.Keys)
        {
            if (ReservedVariables.Contains(key))
            {
                problems.Add($"{nameof(options.Environment)} must not set {key}: the host sets it for each engine.");
            }
            else if (key.Length == 0 || key.Contains('='))
            {
                problems.Add($"{nameof(options.Environment)} has an invalid variable name '{key}'.");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
