using Microsoft.Extensions.Options;

namespace Orrery.Auth;

/// <summary>Reports every malformed key entry at once (never echoing a key).</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            if (entry.Key.Length < ApiKeyOptions.MinimumKeyLength)
            {
                problems.Add($"Orrery:Auth:ApiKeys:{i} ('{entry.Name}') has a key shorter than {ApiKeyOptions.MinimumKeyLength} characters.");
            }
            if (!Roles.IsKnown(entry.Role))
            {
                problems.Add($"Orrery:Auth:ApiKeys:{i} ('{entry.Name}') has role '{entry.Role}'; use viewer, lobby or admin.");
            }
        }
        if (options.ApiKeys.Select(k => k.Key).Distinct(StringComparer.Ordinal).Count() != options.ApiKeys.Count)
        {
            problems.Add("Orrery:Auth:ApiKeys contains the same key twice.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
