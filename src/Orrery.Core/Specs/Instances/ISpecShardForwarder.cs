namespace Orrery.Specs.Instances;

/// <summary>
/// The way to a spec shard that does not run here: in a cluster, the replica that runs it (which owns the game shard
/// of the same number modulo their count). A single node runs every shard, so it forwards nothing.
/// </summary>
public interface ISpecShardForwarder
{
    /// <summary>Runs <paramref name="call"/> on shard <paramref name="shard"/> where it runs, once its change is durable there.</summary>
    /// <exception cref="Errors.OrreryException">The shard's refusal with its code; <c>not_owner</c> when no replica runs the shard (yet).</exception>
    Task<SpecCallResult> SendAsync(int shard, SpecCall call, CancellationToken cancellationToken);

    /// <summary>Queues <paramref name="call"/> for shard <paramref name="shard"/>, sent in the order posted; false when it cannot be queued.</summary>
    bool Post(int shard, SpecCall call);
}

/// <summary>A node alone: every shard runs here or nowhere, so a call for a shard not running is refused (<c>not_owner</c>: it is starting or stopping).</summary>
public sealed class NoSpecShardForwarding : ISpecShardForwarder
{
    public Task<SpecCallResult> SendAsync(int shard, SpecCall call, CancellationToken cancellationToken) =>
        Task.FromException<SpecCallResult>(SpecShards.NotRunning(shard));

    public bool Post(int shard, SpecCall call) => false;
}
