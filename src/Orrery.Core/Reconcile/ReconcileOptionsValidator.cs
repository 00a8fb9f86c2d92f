using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Reconcile;

/// <summary>Every problem of <c>Orrery:Reconcile</c> at once; nothing is clamped.</summary>
internal sealed class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>
{
    public ValidateOptionsResult Validate(string? name, ReconcileOptions options) => new SettingsProblems(ReconcileOptions.Section)
        .Positive(nameof(options.Interval), options.Interval)
        .Positive(nameof(options.StatusTimeout), options.StatusTimeout)
        .Positive(nameof(options.MaxParallelStatusCalls), options.MaxParallelStatusCalls)
        .NotBlank(nameof(options.Stack), options.Stack)
        .Result();
}
