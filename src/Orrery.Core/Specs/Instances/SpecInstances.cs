using System.Text.Json;
using Orrery.Errors;

namespace Orrery.Specs.Instances;

/// <summary>
/// The instance operations of SPEC §9, routed to the shard of the instance id; each has a synchronous form (returns
/// once the change is durable, or throws the refusal) and, for init and transition, an asynchronous one (queued on the
/// shard, returns at once; a refusal is logged). Calls on all instances fan out to every shard; the first error wins.
/// A shard that does not run here is reached through <see cref="ISpecShardForwarder"/> (in a cluster, on the replica
/// that runs it), so every replica answers for every instance.
/// </summary>
public sealed class SpecInstances(SpecShards shards, ISpecShardForwarder forwarder)
{
    /// <summary>The longest instance id, in characters.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The largest metadata, in characters of JSON.</summary>
    public const int MaxMetaLength = 64 * 1024;

    /// <summary>Creates instance <paramref name="id"/> of <paramref name="spec"/> in <paramref name="initialState"/> (default: the spec's initial state).</summary>
    /// <param name="meta">A JSON text kept with the instance, or null.</param>
    /// <exception cref="OrreryException"><c>not_found</c> (spec), <c>conflict</c> (id taken), <c>invalid_transition</c>, <c>invalid_input</c>.</exception>
    public async Task<SpecInstance> InitAsync(string spec, string id, string? meta, string? initialState, CancellationToken cancellationToken) =>
        (await SendAsync(Init(spec, id, meta, initialState), cancellationToken)).Instance!;

    /// <summary>Queues an init; false when it could not be queued (its shard is stopping, or runs nowhere).</summary>
    public bool PostInit(string spec, string id, string? meta = null, string? initialState = null) => Post(Init(spec, id, meta, initialState));

    /// <summary>Moves instance <paramref name="id"/> by <paramref name="action"/> to <paramref name="to"/>.</summary>
    /// <param name="from">When given, the instance must be in this state (else <c>invalid_transition</c>).</param>
    /// <param name="spec">When given, the instance must be of this specification (else <c>not_found</c>).</param>
    /// <exception cref="OrreryException"><c>not_found</c>, <c>invalid_transition</c>, <c>invalid_input</c> (a malformed name, or <c>__initialisation__</c>).</exception>
    public async Task<SpecInstance> TransitionAsync(
        string id, string action, string to, CancellationToken cancellationToken, string? from = null, string? spec = null) =>
        (await SendAsync(Transition(SpecCallKind.Transition, id, action, to, from, spec), cancellationToken)).Instance!;

    /// <summary>
    /// Queues a transition and returns at once (the runtime's path: its caller never waits for the store); false when
    /// it could not be queued. A refusal is logged by the shard.
    /// </summary>
    public bool PostTransition(string id, string action, string to, string? from = null, string? spec = null) =>
        Post(Transition(SpecCallKind.Transition, id, action, to, from, spec));

    /// <summary>
    /// Queues the record of a change an implementation made from <paramref name="from"/> to <paramref name="to"/> (the
    /// runtime's lifecycle): like <see cref="PostTransition"/> with <paramref name="from"/> expected, and an instance that
    /// does not exist yet (created before recording began, or pruned) is first created in <paramref name="from"/>
    /// without touching the model, so the transition itself is still checked and learned.
    /// </summary>
    public bool PostObservedTransition(string spec, string id, string from, string action, string to)
    {
        CheckName(spec, "specification");
        return Post(Transition(SpecCallKind.ObservedTransition, id, action, to, from, spec));
    }

    /// <summary>The instance, or null.</summary>
    public async Task<SpecInstance?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(new SpecCall(SpecCallKind.Get, CheckId(id)), cancellationToken)).Instance;

    /// <summary>Every instance, or those of <paramref name="spec"/>, by id.</summary>
    public async Task<IReadOnlyList<SpecInstance>> ListAsync(string? spec, CancellationToken cancellationToken)
    {
        var lists = await FanOutAsync(new SpecCall(SpecCallKind.List, Spec: spec), cancellationToken);
        return [.. lists.SelectMany(l => l.Instances ?? []).OrderBy(i => i.Id, StringComparer.Ordinal)];
    }

    /// <summary>How many instances each specification has, over every shard (specifications without instances are left out).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountBySpecAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (spec, count) in (await FanOutAsync(new SpecCall(SpecCallKind.CountBySpec), cancellationToken)).SelectMany(r => r.CountsBySpec ?? new Dictionary<string, int>()))
        {
            counts[spec] = counts.GetValueOrDefault(spec) + count;
        }
        return counts;
    }

    /// <summary>Deletes the instance; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(new SpecCall(SpecCallKind.Delete, CheckId(id)), cancellationToken)).Count > 0;

    /// <summary>Queues a delete and returns at once; false when it could not be queued.</summary>
    public bool PostDelete(string id) => Post(new SpecCall(SpecCallKind.Delete, CheckId(id)));

    /// <summary>Deletes every instance matching <paramref name="filter"/> (at least one filter); returns how many.</summary>
    public async Task<int> DeleteAsync(SpecInstanceFilter filter, CancellationToken cancellationToken)
    {
        if (filter.IsEmpty)
        {
            throw OrreryException.InvalidInput("A delete by filter names a spec, a state or an idle-since time (deleting everything takes one of them).");
        }
        return (await FanOutAsync(new SpecCall(SpecCallKind.DeleteWhere, Filter: filter), cancellationToken)).Sum(r => r.Count);
    }

    /// <summary>Puts instance <paramref name="id"/> of <paramref name="spec"/> in <paramref name="state"/> (creating it), unchecked, leaving the model alone.</summary>
    public async Task<SpecInstance> MockAsync(string spec, string id, string state, string? meta, CancellationToken cancellationToken)
    {
        CheckId(id);
        CheckName(state, "state");
        CheckMeta(meta);
        return (await SendAsync(new SpecCall(SpecCallKind.Mock, id, spec, State: state, Meta: meta), cancellationToken)).Instance!;
    }

    /// <summary>Reports overdue instances on every shard and, when <paramref name="prune"/>, prunes idle ones; returns how many were pruned.</summary>
    /// <remarks>Only the shards running here: each node ticks the shards it runs.</remarks>
    public async Task<int> TickAsync(bool prune, CancellationToken cancellationToken)
    {
        var requests = shards.Running.Select(shard =>
        {
            var request = new ShardRequest<int>(prune ? "prune" : "timeout check", s => s.Tick(prune), awaited: true);
            return shard.TryEnqueue(request) ? request.Task : Task.FromException<int>(Stopping(shard.Index));
        }).ToList();
        return (await Task.WhenAll(requests).WaitAsync(cancellationToken)).Sum();
    }

    /// <summary>Runs <paramref name="call"/> on shard <paramref name="shard"/> here, never elsewhere: the replica that runs it, answering another.</summary>
    /// <exception cref="OrreryException"><c>not_owner</c>: the shard does not run here (any longer).</exception>
    public Task<SpecCallResult> RunHereAsync(int shard, SpecCall call, CancellationToken cancellationToken) =>
        shards.Find(shard) is { } running ? RunAsync(running, call, cancellationToken) : throw SpecShards.NotRunning(shard);

    /// <summary>Queues <paramref name="calls"/>, in order, on shard <paramref name="shard"/> here; returns how many were queued (those after are the caller's to send again).</summary>
    public int PostHere(int shard, IReadOnlyList<SpecCall> calls)
    {
        if (shards.Find(shard) is not { } running)
        {
            return 0;
        }
        var queued = 0;
        while (queued < calls.Count && running.TryEnqueue(Request(calls[queued], awaited: false)))
        {
            queued++;
        }
        return queued;
    }

    private Task<SpecCallResult> SendAsync(SpecCall call, CancellationToken cancellationToken) =>
        SendAsync(SpecShardRouter.ShardOf(call.Id!, shards.Count), call, cancellationToken);

    /// <summary>Here when the shard runs here, else on the replica that runs it; a shard that moved away meanwhile refuses, and the call follows it.</summary>
    private async Task<SpecCallResult> SendAsync(int shard, SpecCall call, CancellationToken cancellationToken)
    {
        if (shards.Find(shard) is { } running)
        {
            try
            {
                return await RunAsync(running, call, cancellationToken);
            }
            catch (OrreryException ex) when (ex.Code == ErrorCodes.NotOwner)
            {
                // Stopping, or its fence was refused: whoever runs it now answers.
            }
        }
        return await forwarder.SendAsync(shard, call, cancellationToken);
    }

    private static Task<SpecCallResult> RunAsync(SpecShard shard, SpecCall call, CancellationToken cancellationToken)
    {
        var request = Request(call, awaited: true);
        return shard.TryEnqueue(request) ? request.Task.WaitAsync(cancellationToken) : Task.FromException<SpecCallResult>(Stopping(shard.Index));
    }

    private bool Post(SpecCall call)
    {
        var shard = SpecShardRouter.ShardOf(call.Id!, shards.Count);
        return (shards.Find(shard) is { } running && running.TryEnqueue(Request(call, awaited: false))) || forwarder.Post(shard, call);
    }

    /// <summary>Every shard's answer is awaited, so none is left faulted unobserved; the first error (in shard order) wins.</summary>
    private Task<SpecCallResult[]> FanOutAsync(SpecCall call, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, shards.Count).Select(shard => SendAsync(shard, call, cancellationToken)));

    private static ShardRequest<SpecCallResult> Request(SpecCall call, bool awaited) => new(call.Describe, call.Run, awaited);

    private static OrreryException Stopping(int shard) => new(ErrorCodes.NotOwner, $"Spec instance shard {shard} is stopping; try again.");

    private static SpecCall Init(string spec, string id, string? meta, string? initialState)
    {
        CheckInit(spec, id, meta, initialState);
        return new SpecCall(SpecCallKind.Init, id, spec, State: initialState, Meta: meta);
    }

    private static SpecCall Transition(SpecCallKind kind, string id, string action, string to, string? from, string? spec)
    {
        CheckTransition(id, action, to, from);
        return new SpecCall(kind, id, spec, action, from, to);
    }

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
