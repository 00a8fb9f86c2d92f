using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orrery.Errors;
using Orrery.Observability;
using Orrery.Runtime;

namespace Orrery.Specs.Instances;

/// <summary>
/// The registered specifications, by name: registered or replaced through the API (and stored, so they survive a
/// restart), read back from the store at start, then from <see cref="SpecOptions.Directory"/>, whose files win.
/// Orrery's own lifecycle, <c>game-runtime</c>, is built in: it is the table the code enforces, so it cannot be
/// replaced.
/// </summary>
public sealed partial class SpecRegistry(ISpecInstanceStore store, TimeProvider time, ILogger<SpecRegistry> logger)
{
    private readonly ConcurrentDictionary<string, Specification> _specifications = new(StringComparer.Ordinal)
    {
        [RuntimeTransitions.Specification.Name] = RuntimeTransitions.Specification,
    };

    /// <summary>Registers <paramref name="document"/>, replacing the specification of the same name, once it is stored.</summary>
    /// <exception cref="SpexFormatException">The document has no initial state, or more than one initialisation.</exception>
    /// <exception cref="OrreryException"><c>conflict</c>: the name is the built-in <c>game-runtime</c>.</exception>
    public async Task<Specification> RegisterAsync(SpexDocument document, CancellationToken cancellationToken)
    {
        if (IsBuiltIn(document.Name))
        {
            throw OrreryException.Conflict(
                $"'{document.Name}' is built in: it is Orrery's own lifecycle table (specs/game-runtime.spex), which the code enforces.");
        }
        var specification = new Specification(document);
        await store.SaveSpecificationAsync(new StoredSpecification(document.Name, SpexFormat.Write(document), time.GetUtcNow()), cancellationToken);
        _specifications[document.Name] = specification;
        return specification;
    }

    public static bool IsBuiltIn(string name) => name == RuntimeTransitions.Specification.Name;

    public Specification? Find(string name) => _specifications.GetValueOrDefault(name);

    /// <exception cref="OrreryException"><c>not_found</c>: no specification of that name is registered.</exception>
    public Specification Get(string name) =>
        Find(name) ?? throw OrreryException.NotFound($"No specification named '{name}' is registered.");

    /// <summary>Every registered specification, by name.</summary>
    public IReadOnlyList<Specification> List() => [.. _specifications.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Reads the stored specifications, then registers every <c>*.spex</c> file of <paramref name="directory"/>. A
    /// stored one that no longer reads is logged and skipped; a file that does not read fails the start.
    /// </summary>
    /// <exception cref="SpexFormatException">A file of the directory is not a valid specification (its name and line).</exception>
    public async Task LoadAsync(string? directory, CancellationToken cancellationToken)
    {
        foreach (var stored in await store.ListSpecificationsAsync(cancellationToken))
        {
            if (IsBuiltIn(stored.Name))
            {
                continue; // stored by an older version: the built-in one is the code's table
            }
            TakeUp(stored);
        }
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }
        foreach (var path in Directory.EnumerateFiles(directory, "*.spex").Order(StringComparer.Ordinal))
        {
            var document = await SpexFormat.ReadFileAsync(path, cancellationToken);
            if (IsBuiltIn(document.Name))
            {
                continue; // the repository's specs/ folder holds game-runtime.spex too: it is compiled in already
            }
            var specification = await RegisterAsync(document, cancellationToken);
            Log.RegisteredFromFile(logger, specification.Name, path);
        }
    }

    /// <summary>Takes up the stored specification <paramref name="name"/> (another replica registered or replaced it).</summary>
    /// <returns>False when the store has none of that name, or it no longer reads (logged).</returns>
    public async Task<bool> RefreshAsync(string name, CancellationToken cancellationToken)
    {
        return !IsBuiltIn(name)
            && (await store.ListSpecificationsAsync(cancellationToken)).FirstOrDefault(s => s.Name == name) is { } stored
            && TakeUp(stored);
    }

    /// <summary>Registers a stored specification here; one that no longer reads is logged and left out.</summary>
    private bool TakeUp(StoredSpecification stored)
    {
        try
        {
            _specifications[stored.Name] = new Specification(SpexFormat.Parse(stored.Spex, stored.Name));
            return true;
        }
        catch (SpexFormatException ex)
        {
            Log.StoredSpecificationUnreadable(logger, stored.Name, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.SpecRegistry.RegisteredFromFile, LogLevel.Information, "Registered specification {Spec} from {Path}")]
        public static partial void RegisteredFromFile(ILogger logger, string spec, string path);

        [LoggerMessage(LogEventIds.SpecRegistry.StoredSpecificationUnreadable, LogLevel.Error, "Stored specification {Spec} no longer reads; register it again")]
        public static partial void StoredSpecificationUnreadable(ILogger logger, string spec, Exception exception);
    }
}
