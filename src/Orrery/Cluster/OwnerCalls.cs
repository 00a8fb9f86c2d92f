using Orrery.Errors;

namespace Orrery.Cluster;

/// <summary>Calls made to the owner of a shard through its grain, repeated while the shard is between owners.</summary>
internal static class OwnerCalls
{
    /// <summary>Attempts while a shard is between owners (handed over, or its owner just died): the keeper re-places it within seconds.</summary>
    public const int MaxAttempts = 4;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The owner's answer; a <c>not_owner</c> one is asked again, with growing pauses, up to <see cref="MaxAttempts"/> times.</summary>
    /// <exception cref="OrreryException">What the owner refused, with its code.</exception>
    public static async Task<T> UntilOwnerAnswersAsync<T>(
        Func<CancellationToken, Task<OwnerReply<T>>> call, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await call(cancellationToken);
            if (reply.ErrorCode != ErrorCodes.NotOwner || attempt == MaxAttempts)
            {
                return reply.Unwrap();
            }
            await Task.Delay(RetryDelay * attempt, time, cancellationToken);
        }
    }
}
