namespace Orrery.Versions;

/// <summary>
/// A registered engine build. <see cref="ImageRef"/> is a Docker image for the Docker host, or a
/// command line for the process host (<c>builtin:reference-engine</c> names the bundled engine).
/// </summary>
public sealed record EngineVersion(SemVersion Version, string ImageRef, bool Deprecated, DateTimeOffset CreatedAt);
