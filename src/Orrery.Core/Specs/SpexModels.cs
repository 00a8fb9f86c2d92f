namespace Orrery.Specs;

/// <summary>Implementation models recorded in several places (test processes, shards) describe one system together.</summary>
public static class SpexModels
{
    /// <summary>
    /// One model per specification name: the union of the transitions of all models with that name, in the order
    /// first seen; learning mode on when any model had it on; headers of the first model otherwise.
    /// </summary>
    public static IReadOnlyList<SpexDocument> Merge(IEnumerable<SpexDocument> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        return [.. models
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First() with
            {
                LearningMode = g.Any(m => m.LearningMode),
                Transitions = [.. g.SelectMany(m => m.Transitions).Distinct()],
                Source = string.Join(", ", g.Select(m => m.Source).Where(s => s is not null)),
            })];
    }
}
