namespace Orrery.Persistence.Redis;

/// <summary>Something went wrong talking to Redis. Messages name the endpoint and the command, never arguments or passwords.</summary>
public abstract class RedisException : Exception
{
    protected RedisException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>
/// The connection could not be opened, or was lost with the command in flight (its effect is unknown: an
/// append may or may not have happened). Later commands reconnect.
/// </summary>
public sealed class RedisConnectionException(string message, Exception? innerException = null) : RedisException(message, innerException);

/// <summary>The server sent bytes that are not RESP2, or a reply of another type than the command has.</summary>
public sealed class RedisProtocolException(string message) : RedisException(message);

/// <summary>An error reply (<c>-ERR ...</c>, <c>-WRONGTYPE ...</c>); the connection stays usable.</summary>
public class RedisServerException : RedisException
{
    public RedisServerException(string command, string message) : base($"Redis answered {command} with: {message}") =>
        (Command, ErrorCode) = (command, FirstWord(message));

    /// <summary>The command's name, e.g. <c>XREADGROUP</c>.</summary>
    public string Command { get; }

    /// <summary>The error's first word, by Redis convention its kind: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOGROUP</c> ...</summary>
    public string ErrorCode { get; }

    /// <summary>The typed exception for an error reply to <paramref name="command"/>.</summary>
    public static RedisServerException From(string command, string message) => FirstWord(message) switch
    {
        RedisNoGroupException.Code => new RedisNoGroupException(command, message),
        RedisBusyGroupException.Code => new RedisBusyGroupException(command, message),
        _ => new RedisServerException(command, message),
    };

    private static string FirstWord(string message)
    {
        var space = message.IndexOf(' ');
        return space < 0 ? message : message[..space];
    }
}

/// <summary><c>-NOGROUP</c>: the stream or its consumer group does not exist.</summary>
public sealed class RedisNoGroupException(string command, string message) : RedisServerException(command, message)
{
    public const string Code = "NOGROUP";
}

/// <summary><c>-BUSYGROUP</c>: <c>XGROUP CREATE</c> of a group that exists.</summary>
public sealed class RedisBusyGroupException(string command, string message) : RedisServerException(command, message)
{
    public const string Code = "BUSYGROUP";
}
