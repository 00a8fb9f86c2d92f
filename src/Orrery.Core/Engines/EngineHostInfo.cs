namespace Orrery.Engines;

/// <summary>An engine host as an operator names it.</summary>
/// <param name="Kind">One of <see cref="EngineHostKinds"/>.</param>
/// <param name="Location">Where it runs engines: the Docker daemon's endpoint, or the process host's engines directory.</param>
public sealed record EngineHostInfo(string Kind, string Location);

/// <summary>The kinds of engine host, as the API and the settings spell them.</summary>
public static class EngineHostKinds
{
    public const string Process = "process";
    public const string Docker = "docker";
}

/// <summary>What the machine under an engine host has; null where the host cannot measure it.</summary>
/// <param name="MemoryTotalBytes">The machine's memory (Docker's <c>MemTotal</c>, or <c>/proc/meminfo</c>).</param>
public sealed record EngineHostResources(long? MemoryTotalBytes);
