using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Sessions;

/// <summary>Reports every problem of the live settings at once; nothing is clamped.</summary>
internal sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options) => new SettingsProblems(LiveOptions.Section)
        .Positive(nameof(options.PoolCapacity), options.PoolCapacity)
        .Positive(nameof(options.MailboxThreshold), options.MailboxThreshold)
        .Positive(nameof(options.Backlog), options.Backlog)
        .Positive(nameof(options.SendQueue), options.SendQueue)
        .Positive(nameof(options.MaxClientMessageBytes), options.MaxClientMessageBytes)
        .Positive(nameof(options.IdleGrace), options.IdleGrace)
        .Positive(nameof(options.BackupInterval), options.BackupInterval)
        .Positive(nameof(options.CleanupInterval), options.CleanupInterval)
        .Positive(nameof(options.SlowStartThreshold), options.SlowStartThreshold)
        .Result();
}
