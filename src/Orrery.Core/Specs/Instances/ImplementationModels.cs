using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Orrery.Specs.Instances;

/// <summary>
/// The implementation model of each specification (SPEC §9): the transitions its instances were seen to make, one
/// set per specification shared by every shard, so it is the union over shards by construction, and a transition
/// joins it once however many shards see it at the same time.
/// </summary>
public sealed class ImplementationModels
{
    private readonly ConcurrentDictionary<string, Model> _models = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="transition"/> to the model of <paramref name="spec"/>; true when it was new.</summary>
    public bool TryAdd(string spec, SpexTransition transition) =>
        _models.GetOrAdd(spec, static _ => new Model()).TryAdd(transition, copyBefore: false, out _);

    /// <summary>
    /// Like <see cref="TryAdd(string, SpexTransition)"/>, also giving the model as it was before (what a deviation is
    /// checked against): a copy, so only for transitions outside learning mode, which are rare.
    /// </summary>
    public bool TryAdd(string spec, SpexTransition transition, out ImmutableArray<SpexTransition> before) =>
        _models.GetOrAdd(spec, static _ => new Model()).TryAdd(transition, copyBefore: true, out before);

    public bool Contains(string spec, SpexTransition transition) => _models.TryGetValue(spec, out var model) && model.Contains(transition);

    /// <summary>The learned transitions of <paramref name="spec"/>, in the order they were learned.</summary>
    public ImmutableArray<SpexTransition> Transitions(string spec) => _models.TryGetValue(spec, out var model) ? model.Snapshot() : [];

    /// <summary>The names of the specifications with a model.</summary>
    public IReadOnlyList<string> Specs => [.. _models.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds stored transitions, at start, before any shard runs.</summary>
    public void Load(IEnumerable<ModelTransition> transitions)
    {
        foreach (var (spec, transition) in transitions)
        {
            TryAdd(spec, transition);
        }
    }

    /// <summary>The model of <paramref name="specification"/> as a <c>.spex</c> document (no timings: a model has none).</summary>
    public SpexDocument ToDocument(Specification specification) => ToDocument(specification, Transitions(specification.Name));

    /// <summary>A model of <paramref name="specification"/> made of <paramref name="transitions"/>.</summary>
    public static SpexDocument ToDocument(Specification specification, ImmutableArray<SpexTransition> transitions) =>
        new() { Name = specification.Name, LearningMode = specification.LearningMode, Transitions = transitions };

    private sealed class Model
    {
        private readonly Lock _lock = new();
        private readonly HashSet<SpexTransition> _set = [];
        private readonly List<SpexTransition> _ordered = [];

        public bool Contains(SpexTransition transition)
        {
            lock (_lock)
            {
                return _set.Contains(transition);
            }
        }

        public bool TryAdd(SpexTransition transition, bool copyBefore, out ImmutableArray<SpexTransition> before)
        {
            lock (_lock)
            {
                before = [];
                if (!_set.Add(transition))
                {
                    return false;
                }
                if (copyBefore)
                {
                    before = [.. _ordered];
                }
                _ordered.Add(transition);
                return true;
            }
        }

        public ImmutableArray<SpexTransition> Snapshot()
        {
            lock (_lock)
            {
                return [.. _ordered];
            }
        }
    }
}
