namespace Orrery.Specs.Instances;

/// <summary>Writes the implementation models as <c>&lt;spec&gt;.spex</c> files, the input of <c>orrery spex check</c>.</summary>
public sealed class SpecModelExport(SpecRegistry registry, ImplementationModels models)
{
    /// <summary>The model of <paramref name="spec"/> as <c>.spex</c> text (empty of transitions when nothing was observed).</summary>
    /// <exception cref="Errors.OrreryException"><c>not_found</c>: no such specification.</exception>
    public string Write(string spec) => SpexFormat.Write(models.ToDocument(registry.Get(spec)));

    /// <summary>
    /// Writes the model of every registered specification that has one into <paramref name="directory"/> (created if
    /// need be), merged with the model already there: replicas sharing a folder, or the processes of a test run, each
    /// add what they observed (models of all shards merge, SPEC §9), and nobody's export is lost to another's.
    /// </summary>
    /// <returns>The files written.</returns>
    public async Task<IReadOnlyList<string>> ExportAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var spec in models.Specs)
        {
            // A name that is no file name (a path) is skipped rather than written elsewhere.
            if (registry.Find(spec) is not { } specification || spec.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || spec is "." or "..")
            {
                continue;
            }
            var path = Path.Combine(directory, spec + ".spex");
            await WriteMergedAsync(path, models.ToDocument(specification), cancellationToken);
            written.Add(path);
        }
        return written;
    }

    /// <summary>Unions <paramref name="model"/> with the file's model under an exclusive lock, and replaces the file whole.</summary>
    private static async Task WriteMergedAsync(string path, SpexDocument model, CancellationToken cancellationToken)
    {
        await using var exclusive = await LockAsync(path + ".lock", cancellationToken);
        if (File.Exists(path))
        {
            var existing = await SpexFormat.ReadFileAsync(path, cancellationToken);
            if (existing.Name == model.Name)
            {
                model = model with
                {
                    Transitions = [.. existing.Transitions.Union(model.Transitions)],
                    LearningMode = existing.LearningMode || model.LearningMode,
                };
            }
        }
        // Whole files only: a reader (CI's check) never sees half a model.
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temporary, SpexFormat.Write(model), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>An exclusive lock between processes: a lock file opened without sharing, tried again until it is free.</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(50, cancellationToken); // another process exports the same model; 30 s at most
            }
        }
    }
}
