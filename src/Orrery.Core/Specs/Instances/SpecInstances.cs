using System.Text.Json;
using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>
/// The instance operations of SPEC §9, routed to the shard of the instance id; each has a synchronous form (returns
/// once the change is durable, or throws the refusal) and, for init and transition, an asynchronous one (queued on the
/// shard, returns at once; a refusal is logged). Calls on all instances fan out to every shard; the first error wins.
/// </summary>
public sealed class SpecInstances(SpecShards shards)
{
    /// <summary>The longest instance id, in characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The largest metadata, in characters of JSON.</summary>
    public const int MaxMetaLength = 64 * 1024;

    /// <summary>Creates instance <paramref name="id"/> of <paramref name="spec"/> in <paramref name="initialState"/> (default: the spec's initial state).</summary>
    /// <param name="meta">A JSON text kept with the instance, or null.</param>
    /// <exception cref="OrreryException"><c>not_found</c> (spec), <c>conflict</c> (id taken), <c>invalid_transition</c>, <c>invalid_input</c>.</exception>
    public Task<SpecInstance> InitAsync(string spec, string id, string? meta, string? initialState, CancellationToken cancellationToken)
    {
        CheckInit(spec, id, meta, initialState);
        return Send("init", id, s => s.Init(spec, id, meta, initialState), cancellationToken);
    }

    /// <summary>Queues an init; false when the instance's shard does not run here.</summary>
    public bool PostInit(string spec, string id, string? meta = null, string? initialState = null)
    {
        CheckInit(spec, id, meta, initialState);
        return Post("init", id, s => s.Init(spec, id, meta, initialState));
    }

    /// <summary>Moves instance <paramref name="id"/> by <paramref name="action"/> to <paramref name="to"/>.</summary>
    /// <param name="from">When given, the instance must be in this state (else <c>invalid_transition</c>).</param>
    /// <param name="spec">When given, the instance must be of this specification (else <c>not_found</c>).</param>
    /// <exception cref="OrreryException"><c>not_found</c>, <c>invalid_transition</c>, <c>invalid_input</c> (a malformed name, or <c>__initialisation__</c>).</exception>
    public Task<SpecInstance> TransitionAsync(
        string id, string action, string to, CancellationToken cancellationToken, string? from = null, string? spec = null)
    {
        CheckTransition(id, action, to, from);
        return Send("transition", id, s => s.Transition(id, action, to, from, spec), cancellationToken);
    }

    /// <summary>
    /// Queues a transition and returns at once (the runtime's path: its caller never waits for the store); false when
    /// the instance's shard does not run here. A refusal is logged by the shard.
    /// </summary>
    public bool PostTransition(string id, string action, string to, string? from = null, string? spec = null)
    {
        CheckTransition(id, action, to, from);
        return Post("transition", id, s => s.Transition(id, action, to, from, spec));
    }

    /// <summary>
    /// Queues the record of a change an implementation made from <paramref name="from"/> to <paramref name="to"/> (the
    /// runtime's lifecycle): like <see cref="PostTransition"/> with <paramref name="from"/> expected, and an instance that
    /// does not exist yet (created before recording began, or pruned) is first created in <paramref name="from"/>
    /// without touching the model, so the transition itself is still checked and learned.
    /// </summary>
    public bool PostObservedTransition(string spec, string id, string from, string action, string to)
    {
        CheckName(spec, "specification");
        CheckTransition(id, action, to, from);
        return Post("transition", id, s => s.Transition(id, action, to, from, spec, createInSpec: spec));
    }

    /// <summary>The instance, or null.</summary>
    public Task<SpecInstance?> GetAsync(string id, CancellationToken cancellationToken) =>
        Send("get", CheckId(id), s => s.Get(id), cancellationToken);

    /// <summary>Every instance, or those of <paramref name="spec"/>, by id.</summary>
    public async Task<IReadOnlyList<SpecInstance>> ListAsync(string? spec, CancellationToken cancellationToken)
    {
        var lists = await FanOut("list", s => s.List(spec), cancellationToken);
        return [.. lists.SelectMany(l => l).OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>Deletes the instance; false when there was none.</summary>
    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        Send("delete", CheckId(id), s => s.Delete(id), cancellationToken);

    /// <summary>Queues a delete and returns at once; false when the instance's shard does not run here.</summary>
    public bool PostDelete(string id) => Post("delete", CheckId(id), s => s.Delete(id));

    /// <summary>Deletes every instance matching <paramref name="filter"/> (at least one filter); returns how many.</summary>
    public async Task<int> DeleteAsync(SpecInstanceFilter filter, CancellationToken cancellationToken)
    {
        if (filter.IsEmpty)
        {
            throw OrreryException.InvalidInput("A delete by filter names a spec, a state or an idle-since time (deleting everything takes one of them).");
        }
        return (await FanOut("delete by filter", s => s.Delete(filter), cancellationToken)).Sum();
    }

    /// <summary>Puts instance <paramref name="id"/> of <paramref name="spec"/> in <paramref name="state"/> (creating it), unchecked, leaving the model alone.</summary>
    public Task<SpecInstance> MockAsync(string spec, string id, string state, string? meta, CancellationToken cancellationToken)
    {
        CheckId(id);
        CheckName(state, "state");
        CheckMeta(meta);
        return Send("mock", id, s => s.Mock(spec, id, state, meta), cancellationToken);
    }

    /// <summary>Reports overdue instances on every shard and, when <paramref name="prune"/>, prunes idle ones; returns how many were pruned.</summary>
    /// <remarks>Only the shards running here: each node ticks the shards it runs.</remarks>
    public async Task<int> TickAsync(bool prune, CancellationToken cancellationToken) =>
        (await FanOut(prune ? "prune" : "timeout check", s => s.Tick(prune), cancellationToken, shards.Running)).Sum();

    private Task<T> Send<T>(string operation, string id, Func<SpecShard, T> run, CancellationToken cancellationToken)
    {
        var request = new ShardRequest<T>(operation, id, run, awaited: true);
        return shards.For(id).TryEnqueue(request) ? request.Task.WaitAsync(cancellationToken) : throw Stopped(id);
    }

    private bool Post<T>(string operation, string id, Func<SpecShard, T> run) =>
        shards.TryFor(id, out var shard) && shard.TryEnqueue(new ShardRequest<T>(operation, id, run, awaited: false));

    private async Task<T[]> FanOut<T>(
        string operation, Func<SpecShard, T> run, CancellationToken cancellationToken, IReadOnlyList<SpecShard>? only = null)
    {
        var requests = (only ?? shards.All()).Select(shard =>
        {
            var request = new ShardRequest<T>(operation, null, run, awaited: true);
            return shard.TryEnqueue(request) ? request.Task : Task.FromException<T>(Stopped(null));
        }).ToList();
        // Every shard's answer is awaited, so none is left faulted unobserved; the first error (in shard order) wins.
        return await Task.WhenAll(requests).WaitAsync(cancellationToken);
    }

    private static OrreryException Stopped(string? id) =>
        new(ErrorCodes.NotOwner, id is null ? "A spec instance shard is stopping; try again." : $"The shard of instance '{id}' is stopping; try again.");

    private static void CheckInit(string spec, string id, string? meta, string? initialState)
    {
        CheckName(spec, "specification");
        CheckId(id);
        CheckMeta(meta);
        if (initialState is not null)
        {
            CheckName(initialState, "state");
        }
    }

    private static void CheckTransition(string id, string action, string to, string? from)
    {
        CheckId(id);
        CheckName(action, "action");
        CheckName(to, "state");
        if (from is not null)
        {
            CheckName(from, "state");
        }
        if (action == SpexNames.Initialisation)
        {
            throw OrreryException.InvalidInput($"'{SpexNames.Initialisation}' only starts an instance (init); a transition names another action.");
        }
        if (to == SpexNames.Nil)
        {
            throw OrreryException.InvalidInput($"'{SpexNames.Nil}' is no state an instance can move to.");
        }
    }

    private static string CheckId(string id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && !id.Any(char.IsControl)
            ? id
            : throw OrreryException.InvalidInput($"An instance id is 1 to {MaxIdLength} characters, without control characters.");

    private static void CheckName(string name, string what)
    {
        if (!SpexFormat.IsName(name ?? ""))
        {
            throw OrreryException.InvalidInput($"'{name}' is not a {what} name (1 to 200 characters; no spaces, brackets or arrows).");
        }
    }

    private static void CheckMeta(string? meta)
    {
        if (meta is null)
        {
            return;
        }
        if (meta.Length > MaxMetaLength)
        {
            throw OrreryException.InvalidInput($"meta is larger than {MaxMetaLength} characters.");
        }
        try
        {
            using var _ = JsonDocument.Parse(meta);
        }
        catch (JsonException ex)
        {
            throw OrreryException.InvalidInput($"meta is not JSON: {ex.Message}");
        }
    }
}
