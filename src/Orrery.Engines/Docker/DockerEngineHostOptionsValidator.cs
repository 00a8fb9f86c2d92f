using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orrery.Engines.Docker;

/// <summary>Reports every problem of the Docker host settings at once, not just the first.</summary>
internal sealed partial class DockerEngineHostOptionsValidator : IValidateOptions<DockerEngineHostOptions>
{
    /// <summary>Docker refuses memory limits below 6 MiB.</summary>
    private const long MinimumMemory = 6L << 20;

    public ValidateOptionsResult Validate(string? name, DockerEngineHostOptions options)
    {
        var problems = new List<string>();
        if ((options.Hosts ?? []).Count == 0 && DockerEndpoint.TryGetSocketPath(options.Endpoint ?? "", out var endpointProblem) is null)
        {
            problems.Add($"{nameof(options.Endpoint)}: {endpointProblem}");
        }
        problems.AddRange(DockerHostsValidator.Problems(options.Hosts ?? []));
        if (string.IsNullOrWhiteSpace(options.Stack))
        {
            problems.Add($"{nameof(options.Stack)} must not be empty.");
        }
        if (!ContainerName().IsMatch(options.ContainerPrefix ?? ""))
        {
            problems.Add($"{nameof(options.ContainerPrefix)} '{options.ContainerPrefix}' must start with a letter or digit and hold only letters, digits, '_', '.' and '-'.");
        }
        if (!NetworkName().IsMatch(options.Network ?? ""))
        {
            problems.Add($"{nameof(options.Network)} must be 'host' or the name of a user-defined Docker network, not '{options.Network}'.");
        }
        else if (options.Network is "bridge" or "none" or "default")
        {
            problems.Add($"{nameof(options.Network)} '{options.Network}' has no container DNS: use 'host' or a user-defined network (docker network create).");
        }
        if (options.EnginePort is < 1 or > 65535)
        {
            problems.Add($"{nameof(options.EnginePort)} must be a TCP port (1-65535), not {options.EnginePort}.");
        }
        if (string.IsNullOrEmpty(options.StateMountPath) || options.StateMountPath[0] != '/')
        {
            problems.Add($"{nameof(options.StateMountPath)} must be an absolute path in the container, not '{options.StateMountPath}'.");
        }
        if (!(options.Cpus >= 0) || double.IsInfinity(options.Cpus))
        {
            problems.Add($"{nameof(options.Cpus)} must be 0 (no quota) or a positive number of CPUs, not {options.Cpus}.");
        }
        if (!ByteSize.TryParse(options.Memory, out var memory) || memory is > 0 and < MinimumMemory)
        {
            problems.Add($"{nameof(options.Memory)} must be 0 (no limit) or at least 6m (bytes, or with a k, m or g suffix), not '{options.Memory}'.");
        }
        if (options.PidsLimit < 0)
        {
            problems.Add($"{nameof(options.PidsLimit)} must be 0 (no limit) or positive, not {options.PidsLimit}.");
        }
        if (string.IsNullOrEmpty(options.LogDriver) && options.LogOptions.Count > 0)
        {
            problems.Add($"{nameof(options.LogOptions)} need a {nameof(options.LogDriver)}: options of the daemon's default driver belong in its daemon.json.");
        }
        if (!ImagePullPolicies.TryParse(options.PullPolicy, out _))
        {
            problems.Add($"{nameof(options.PullPolicy)} must be {ImagePullPolicies.IfMissing}, {ImagePullPolicies.Always} or {ImagePullPolicies.Never}, not '{options.PullPolicy}'.");
        }
        if (options.RequestTimeout <= TimeSpan.Zero || options.PullTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(options.RequestTimeout)} and {nameof(options.PullTimeout)} must be positive.");
        }
        problems.AddRange(EngineEnvironment.Problems(options.Environment, nameof(options.Environment)));
        // Each problem names its key in full, as configuration spells it.
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(problem => $"{DockerEngineHostOptions.Section}:{problem}"));
    }

    /// <summary>Docker's own rule for container names, less the game UUID that follows the prefix.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex NetworkName();
}
