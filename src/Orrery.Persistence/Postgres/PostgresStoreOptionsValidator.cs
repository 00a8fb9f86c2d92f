using Microsoft.Extensions.Options;
using Orrery.Settings;

namespace Orrery.Persistence.Postgres;

/// <summary>Every problem of <c>Orrery:Postgres</c> at once; the connection string is never repeated.</summary>
internal sealed class PostgresStoreOptionsValidator : IValidateOptions<PostgresStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresStoreOptions options) => new SettingsProblems(PostgresStoreOptions.Section)
        .NotNegative(nameof(options.MaxRetryAttempts), options.MaxRetryAttempts)
        .NotNegative(nameof(options.RetryDelay), options.RetryDelay)
        .Check(!string.IsNullOrWhiteSpace(options.ConnectionString), nameof(options.ConnectionString),
            "is empty: set ConnectionStrings:Postgres (environment: ConnectionStrings__Postgres).")
        .Result();
}
