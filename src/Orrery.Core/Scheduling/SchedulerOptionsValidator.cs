using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Scheduling;

/// <summary>Every problem of <c>Orrery:Scheduler</c> at once; nothing is clamped.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options) => new SettingsProblems(SchedulerOptions.Section)
        .Positive(nameof(options.MaxConcurrentTurns), options.MaxConcurrentTurns)
        .Positive(nameof(options.TurnTimeout), options.TurnTimeout)
        .Positive(nameof(options.FailedTurnStatusTimeout), options.FailedTurnStatusTimeout)
        .Result();
}
