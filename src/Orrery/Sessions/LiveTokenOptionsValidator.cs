using Microsoft.Extensions.Options;

namespace Orrery.Sessions;

/// <summary>Reports every problem of <c>Orrery:Live</c>'s token settings at once, never echoing a key.</summary>
internal sealed class LiveTokenOptionsValidator : IValidateOptions<LiveTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveTokenOptions options)
    {
        var problems = new List<string>();
        if (options.TokenLifetime <= TimeSpan.Zero || options.TokenLifetime > LiveTokenOptions.MaxTokenLifetime)
        {
            problems.Add($"Orrery:Live:TokenLifetime is {options.TokenLifetime}; it must be positive and at most {LiveTokenOptions.MaxTokenLifetime} (24 h).");
        }
        if (options.SigningKeys.Count == 0)
        {
            // Only cluster mode gets here: otherwise the node generated a key (LiveSigningKeyFile).
            problems.Add("Orrery:Live:SigningKeys is empty: in cluster mode every replica must verify the tokens any replica mints, " +
                "so give all of them the same keys (base64 of 32 or more random bytes, e.g. `openssl rand -base64 32`).");
        }
        for (var i = 0; i < options.SigningKeys.Count; i++)
        {
            if (LiveSigningKeys.Decode(options.SigningKeys[i]) is null)
            {
                problems.Add($"Orrery:Live:SigningKeys:{i} is not base64 of at least {LiveTokenOptions.MinimumKeyBytes} bytes.");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
