namespace Orrery.Persistence.Redis;

/// <summary>
/// One command as RESP2 sends it: an array of bulk strings, the command's name first. Only the name ever
/// appears in messages and logs: arguments may hold a password (AUTH) or user data.
/// </summary>
public readonly record struct RedisCommand
{
    public RedisCommand(params string[] parts)
    {
        if (parts is not { Length: > 0 } || string.IsNullOrEmpty(parts[0]))
        {
            throw new ArgumentException("A command needs a name.", nameof(parts));
        }
        Parts = parts;
    }

    /// <summary>The name and then the arguments.</summary>
    public string[] Parts { get; }

    public string Name => Parts[0];

    public override string ToString() => Name;
}
