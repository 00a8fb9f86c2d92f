using Microsoft.Extensions.Options;

namespace Orrery.Settings;

/// <summary>
/// Collects every problem of one settings section, each naming its full key (<c>Orrery:Lifecycle:Workers is 0; it
/// must be positive.</c>), so a node refused at start says at once all that is wrong. Nothing is clamped: a value
/// out of range is refused, never quietly replaced.
/// </summary>
public sealed class SettingsProblems(string section)
{
    private readonly List<string> _problems = [];

    public string Section { get; } = section;

    public SettingsProblems Positive(string key, long value) =>
        Check(value > 0, key, $"is {value}; it must be positive.");

    public SettingsProblems Positive(string key, TimeSpan value) =>
        Check(value > TimeSpan.Zero, key, $"is {value}; it must be longer than zero.");

    public SettingsProblems NotNegative(string key, long value) =>
        Check(value >= 0, key, $"is {value}; it must be 0 or more.");

    public SettingsProblems NotNegative(string key, TimeSpan value) =>
        Check(value >= TimeSpan.Zero, key, $"is {value}; it must not be negative.");

    public SettingsProblems NotBlank(string key, string? value) =>
        Check(!string.IsNullOrWhiteSpace(value), key, "must not be empty.");

    /// <param name="problem">What is wrong and what would do, after the key: <c>"is 3; it must be ..."</c>.</param>
    public SettingsProblems Check(bool valid, string key, string problem)
    {
        if (!valid)
        {
            _problems.Add($"{Section}:{key} {problem}");
        }
        return this;
    }

    /// <summary>A problem written whole (it names its keys itself).</summary>
    public SettingsProblems Add(string problem)
    {
        _problems.Add(problem);
        return this;
    }

    public IReadOnlyList<string> All => _problems;

    public ValidateOptionsResult Result() => _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_problems);
}
