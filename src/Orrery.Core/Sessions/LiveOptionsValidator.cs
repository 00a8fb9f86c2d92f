using Microsoft.Extensions.Options;

namespace Orrery.Sessions;

/// <summary>Reports every problem of the live settings at once; nothing is clamped.</summary>
internal sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        var problems = new List<string>();
        Positive(problems, nameof(options.PoolCapacity), options.PoolCapacity);
        Positive(problems, nameof(options.MailboxThreshold), options.MailboxThreshold);
        Positive(problems, nameof(options.Backlog), options.Backlog);
        Positive(problems, nameof(options.SendQueue), options.SendQueue);
        Positive(problems, nameof(options.MaxClientMessageBytes), options.MaxClientMessageBytes);
        Positive(problems, nameof(options.IdleGrace), options.IdleGrace);
        Positive(problems, nameof(options.BackupInterval), options.BackupInterval);
        Positive(problems, nameof(options.CleanupInterval), options.CleanupInterval);
        Positive(problems, nameof(options.SlowStartThreshold), options.SlowStartThreshold);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Positive(List<string> problems, string setting, int value)
    {
        if (value <= 0)
        {
            problems.Add($"{LiveOptions.Section}:{setting} is {value}; it must be positive.");
        }
    }

    private static void Positive(List<string> problems, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{LiveOptions.Section}:{setting} is {value}; it must be longer than zero.");
        }
    }
}
