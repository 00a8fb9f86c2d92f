using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>The operations of SPEC §9 on one shard's instances; each runs in the shard's loop, alone.</summary>
public sealed partial class SpecShard
{
    internal SpecInstance Init(string specName, string id, string? meta, string? initialState)
    {
        var specification = _context.Registry.Get(specName);
        if (_instances.ContainsKey(id))
        {
            throw OrreryException.Conflict($"Instance '{id}' exists already.");
        }
        var state = initialState ?? specification.InitialState;
        var initialisation = new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, state);
        if (!specification.LearningMode && !specification.Allows(initialisation.From, initialisation.Action, initialisation.To))
        {
            throw OrreryException.InvalidTransition(
                $"Specification '{specName}' starts its instances in '{specification.InitialState}', not '{state}'.");
        }
        var now = _context.Time.GetUtcNow();
        var instance = Put(new SpecInstance(id, specName, state, meta, now, now, now));
        Observe(specification, id, initialisation);
        return instance;
    }

    /// <param name="expectedFrom">When given, the state the caller believes the instance is in: of two callers racing from one state, one wins.</param>
    /// <param name="expectedSpec">When given, the specification the caller believes the instance belongs to.</param>
    /// <param name="createInSpec">When given, an instance that does not exist is first created in <paramref name="expectedFrom"/> (as by mock).</param>
    internal SpecInstance Transition(string id, string action, string to, string? expectedFrom, string? expectedSpec, string? createInSpec = null)
    {
        if (createInSpec is not null && expectedFrom is not null && !_instances.ContainsKey(id))
        {
            Mock(createInSpec, id, expectedFrom, meta: null);
        }
        var instance = Existing(id, expectedSpec);
        if (expectedFrom is not null && instance.State != expectedFrom)
        {
            throw OrreryException.InvalidTransition($"Instance '{id}' is in state '{instance.State}', not '{expectedFrom}'.");
        }
        var specification = _context.Registry.Get(instance.Spec);
        var transition = new SpexTransition(instance.State, action, to);
        if (!specification.LearningMode && !specification.Allows(transition.From, transition.Action, transition.To))
        {
            throw OrreryException.InvalidTransition($"Specification '{instance.Spec}' has no transition {transition}.");
        }
        var now = _context.Time.GetUtcNow();
        var updated = Put(instance with { State = to, StateChangedAt = now, UpdatedAt = now });
        Observe(specification, id, transition);
        return updated;
    }

    internal SpecInstance? Get(string id) => _instances.GetValueOrDefault(id);

    internal List<SpecInstance> List(string? spec) => [.. _instances.Values.Where(i => spec is null || i.Spec == spec)];

    internal Dictionary<string, int> CountBySpec() => _instances.Values.CountBy(i => i.Spec, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);

    internal bool Delete(string id)
    {
        if (!_instances.ContainsKey(id))
        {
            return false;
        }
        Remove(id);
        return true;
    }

    internal int Delete(SpecInstanceFilter filter)
    {
        var matching = _instances.Values.Where(filter.Matches).Select(i => i.Id).ToList();
        matching.ForEach(Remove);
        return matching.Count;
    }

    /// <summary>Puts the instance in <paramref name="state"/> (creating it if need be) without checking or touching the model.</summary>
    internal SpecInstance Mock(string specName, string id, string state, string? meta)
    {
        _context.Registry.Get(specName);
        var now = _context.Time.GetUtcNow();
        var existing = _instances.GetValueOrDefault(id);
        var stateChangedAt = existing is not null && existing.State == state ? existing.StateChangedAt : now;
        return Put(new SpecInstance(id, specName, state, meta, existing?.CreatedAt ?? now, stateChangedAt, now));
    }

    /// <summary>
    /// Reports every instance overdue in its state (once per stay) and, when <paramref name="prune"/>, deletes the
    /// instances idle longer than their spec's prune timeout in a prunable state.
    /// </summary>
    /// <returns>The number of instances pruned.</returns>
    internal int Tick(bool prune)
    {
        var now = _context.Time.GetUtcNow();
        var pruned = new List<SpecInstance>();
        foreach (var instance in _instances.Values)
        {
            if (_context.Registry.Find(instance.Spec) is not { } specification)
            {
                continue; // a spec no longer registered (its file removed): its instances wait for it to come back
            }
            if (prune && specification.Document.PruneTimeout is { } idleLimit && now - instance.UpdatedAt > idleLimit
                && specification.Document.PrunableStates.Allows(instance.State, specification))
            {
                pruned.Add(instance);
            }
            else if (specification.TransitionTimeout(instance.State) is { } timeout && now - instance.StateChangedAt > timeout
                && _overdueReported.Add(instance.Id))
            {
                _reports.Add(token => _context.Reports.TimeoutAsync(instance, timeout, token));
            }
        }
        foreach (var instance in pruned)
        {
            Remove(instance.Id);
            _context.Metrics.Pruned.Add(1, new KeyValuePair<string, object?>("spec", instance.Spec));
        }
        return pruned.Count;
    }

    private SpecInstance Existing(string id, string? expectedSpec) =>
        _instances.TryGetValue(id, out var instance) && (expectedSpec is null || instance.Spec == expectedSpec)
            ? instance
            : throw OrreryException.NotFound(expectedSpec is null ? $"No instance '{id}'." : $"No instance '{id}' of specification '{expectedSpec}'.");

    private SpecInstance Put(SpecInstance instance)
    {
        if (_instances.TryGetValue(instance.Id, out var previous) && previous.StateChangedAt != instance.StateChangedAt)
        {
            _overdueReported.Remove(instance.Id);
        }
        _instances[instance.Id] = instance;
        _changed[instance.Id] = instance;
        return instance;
    }

    private void Remove(string id)
    {
        _instances.Remove(id);
        _overdueReported.Remove(id);
        _changed[id] = null;
    }

    /// <summary>
    /// Adds the transition to the spec's model: in learning mode silently; otherwise a transition new to the model is
    /// a deviation, checked and reported once the batch is durable. Either way it joins the model, so it is reported once.
    /// </summary>
    private void Observe(Specification specification, string id, SpexTransition transition)
    {
        var models = _context.Models;
        if (specification.LearningMode)
        {
            if (models.TryAdd(specification.Name, transition))
            {
                _learned.Add(new ModelTransition(specification.Name, transition));
            }
        }
        else if (!models.Contains(specification.Name, transition) && models.TryAdd(specification.Name, transition, out var before))
        {
            _learned.Add(new ModelTransition(specification.Name, transition));
            _reports.Add(token => _context.Reports.DeviationAsync(specification, id, transition, before, token));
        }
    }
}
