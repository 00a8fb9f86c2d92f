using Orrery.Errors;

namespace Orrery.Engines.Process;

/// <summary>The program and arguments an image ref stands for on the process host.</summary>
internal sealed record EngineCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// <c>builtin:reference-engine</c> is the bundled engine; anything else is an absolute path to an
    /// executable, optionally followed by space-separated arguments (no quoting: this is a registry entry,
    /// not a shell line, and nothing in it is ever interpreted by a shell).
    /// </summary>
    /// <exception cref="OrreryException"><c>image_unavailable</c> when there is nothing to run.</exception>
    public static EngineCommand Resolve(string imageRef, string referenceEnginePath)
    {
        if (string.Equals(imageRef.Trim(), ProcessEngineHostOptions.ReferenceEngineImageRef, StringComparison.Ordinal))
        {
            return ResolveReferenceEngine(referenceEnginePath);
        }

        var parts = imageRef.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !Path.IsPathFullyQualified(parts[0]))
        {
            throw Unavailable($"Image ref '{imageRef}' is neither {ProcessEngineHostOptions.ReferenceEngineImageRef} nor an absolute executable path.");
        }
        if (!Executables.IsExecutable(parts[0]))
        {
            throw Unavailable($"Engine executable {parts[0]} does not exist or is not executable.");
        }
        return new EngineCommand(parts[0], parts[1..]);
    }

    private static EngineCommand ResolveReferenceEngine(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!fullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Executables.IsExecutable(fullPath))
        {
            return new EngineCommand(fullPath, []);
        }
        // Without an apphost (e.g. a build that skipped it) the framework-dependent dll runs through dotnet.
        var dll = fullPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? fullPath : fullPath + ".dll";
        if (!File.Exists(dll))
        {
            throw Unavailable($"The bundled reference engine was not found at {fullPath} (nor {dll}).");
        }
        var dotnet = Executables.FindDotnetHost()
            ?? throw Unavailable($"The bundled reference engine {dll} needs the dotnet host, which was not found.");
        return new EngineCommand(dotnet, [dll]);
    }

    private static OrreryException Unavailable(string message) => new(ErrorCodes.ImageUnavailable, message);
}
