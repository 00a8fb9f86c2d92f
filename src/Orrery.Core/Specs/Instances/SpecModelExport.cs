namespace Orrery.Specs.Instances;

/// <summary>Writes the implementation models as <c>&lt;spec&gt;.spex</c> files, the input of <c>orrery spex check</c>.</summary>
public sealed class SpecModelExport(SpecRegistry registry, ImplementationModels models)
{
    /// <summary>The model of <paramref name="spec"/> as <c>.spex</c> text (empty of transitions when nothing was observed).</summary>
    /// <exception cref="Errors.OrreryException"><c>not_found</c>: no such specification.</exception>
    public string Write(string spec) => SpexFormat.Write(models.ToDocument(registry.Get(spec)));

    /// <summary>Writes the model of every registered specification that has one into <paramref name="directory"/> (created if need be).</summary>
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
            // Whole files only: a reader (CI's check) never sees half a model.
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, SpexFormat.Write(models.ToDocument(specification)), cancellationToken);
            File.Move(temporary, path, overwrite: true);
            written.Add(path);
        }
        return written;
    }
}
