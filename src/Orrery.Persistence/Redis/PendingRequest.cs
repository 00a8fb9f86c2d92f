namespace Orrery.Persistence.Redis;

/// <summary>Commands written together on one connection and the replies received so far; completes once, with all of them.</summary>
internal sealed class PendingRequest(RedisCommand[] commands) : TaskCompletionSource<RedisReply[]>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    private readonly RedisReply[] _replies = new RedisReply[commands.Length];
    private int _received;
    private RedisServerException? _firstError;

    public RedisCommand[] Commands { get; } = commands;

    /// <summary>For messages: the command's name, or the first one's and how many follow.</summary>
    public string Name => Commands.Length == 1 ? Commands[0].Name : $"{Commands[0].Name} (and {Commands.Length - 1} more pipelined)";

    /// <summary>Takes the next reply; true once it was the last one, and the task is complete.</summary>
    public bool Accept(RedisReply reply)
    {
        if (reply.Kind == RedisReplyKind.Error)
        {
            _firstError ??= RedisServerException.From(Commands[_received].Name, reply.ErrorMessage);
        }
        _replies[_received++] = reply;
        if (_received < _replies.Length)
        {
            return false;
        }
        if (_firstError is not null)
        {
            TrySetException(_firstError);
        }
        else
        {
            TrySetResult(_replies);
        }
        return true;
    }
}
