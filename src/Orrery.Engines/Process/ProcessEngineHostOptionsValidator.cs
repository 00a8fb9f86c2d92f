using Microsoft.Extensions.Options;

namespace Orrery.Engines.Process;

/// <summary>Reports every problem of the process host settings at once, not just the first.</summary>
internal sealed class ProcessEngineHostOptionsValidator : IValidateOptions<ProcessEngineHostOptions>
{
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
        problems.AddRange(EngineEnvironment.Problems(options.Environment, nameof(options.Environment)));
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
