namespace Orrery.Specs.Instances;

/// <summary>
/// One operation queued on a shard: run in the shard's loop (alone among its instances' operations), then completed
/// once the batch it belongs to is durable. A request nobody awaits (the asynchronous forms) has no completion.
/// </summary>
internal abstract class ShardRequest
{
    /// <summary>The refusal or failure of <see cref="Run"/>, if any.</summary>
    public Exception? Error { get; protected set; }

    /// <summary>Whether a caller waits for the outcome; if not, the shard logs a refusal.</summary>
    public abstract bool Awaited { get; }

    /// <summary>What the request does, for the log: the operation and the instance.</summary>
    public abstract string Describe { get; }

    public abstract void Run(SpecShard shard);

    /// <param name="writeFailure">The batch could not be written: the request failed with it, whatever it did.</param>
    public abstract void Complete(Exception? writeFailure);
}

internal sealed class ShardRequest<T>(string describe, Func<SpecShard, T> run, bool awaited) : ShardRequest
{
    private readonly TaskCompletionSource<T>? _completion = awaited ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    private T? _result;

    public override bool Awaited => awaited;

    public override string Describe => describe;

    /// <summary>Completes when the request's changes are durable (or it was refused).</summary>
    public Task<T> Task => _completion?.Task ?? throw new InvalidOperationException("Nobody awaits this request.");

    public override void Run(SpecShard shard)
    {
        try
        {
            _result = run(shard);
        }
        catch (Exception ex)
        {
            Error = ex;
        }
    }

    public override void Complete(Exception? writeFailure)
    {
        if (_completion is null)
        {
            return;
        }
        if ((Error ?? writeFailure) is { } failure)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }
}
