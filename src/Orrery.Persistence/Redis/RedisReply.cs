namespace Orrery.Persistence.Redis;

/// <summary>The five RESP2 reply types; a null bulk string (<c>$-1</c>) and a null array (<c>*-1</c>) are both <see cref="Null"/>.</summary>
public enum RedisReplyKind
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
}

/// <summary>
/// One RESP2 reply. Bulk strings are decoded as UTF-8 text at parse time: every value Orrery reads (ids, field
/// names, field values) is text, and decoding once while the bytes are in the pipe's buffer avoids a copy.
/// </summary>
public readonly struct RedisReply
{
    private RedisReply(RedisReplyKind kind, string? text, long integer, RedisReply[]? items) =>
        (Kind, _text, _integer, _items) = (kind, text, integer, items);

    private readonly string? _text;
    private readonly long _integer;
    private readonly RedisReply[]? _items;

    public static readonly RedisReply Null = new(RedisReplyKind.Null, null, 0, null);

    public RedisReplyKind Kind { get; }

    public bool IsNull => Kind == RedisReplyKind.Null;

    public static RedisReply SimpleString(string text) => new(RedisReplyKind.SimpleString, text, 0, null);

    public static RedisReply Error(string message) => new(RedisReplyKind.Error, message, 0, null);

    public static RedisReply Integer(long value) => new(RedisReplyKind.Integer, null, value, null);

    public static RedisReply BulkString(string text) => new(RedisReplyKind.BulkString, text, 0, null);

    public static RedisReply Array(RedisReply[] items) => new(RedisReplyKind.Array, null, 0, items);

    /// <summary>A simple or bulk string.</summary>
    /// <exception cref="RedisProtocolException">Any other kind of reply.</exception>
    public string AsText() =>
        Kind is RedisReplyKind.SimpleString or RedisReplyKind.BulkString ? _text! : throw Unexpected("a string");

    /// <summary>A simple or bulk string, or null for a null reply.</summary>
    public string? AsNullableText() => IsNull ? null : AsText();

    /// <exception cref="RedisProtocolException">Not an integer reply.</exception>
    public long AsInteger() => Kind == RedisReplyKind.Integer ? _integer : throw Unexpected("an integer");

    /// <summary>The items of an array; a null reply is an empty array (Redis answers "nothing" with either).</summary>
    /// <exception cref="RedisProtocolException">Neither an array nor null.</exception>
    public RedisReply[] AsArray() => Kind switch
    {
        RedisReplyKind.Array => _items!,
        RedisReplyKind.Null => [],
        _ => throw Unexpected("an array"),
    };

    /// <summary>The message of an error reply, e.g. <c>NOGROUP No such key ...</c>.</summary>
    public string ErrorMessage => Kind == RedisReplyKind.Error ? _text! : throw Unexpected("an error");

    public override string ToString() => Kind switch
    {
        RedisReplyKind.Integer => $"(integer) {_integer}",
        RedisReplyKind.Array => $"(array of {_items!.Length})",
        RedisReplyKind.Null => "(nil)",
        _ => $"({Kind}) {_text}",
    };

    private RedisProtocolException Unexpected(string expected) => new($"Expected {expected} reply, got {Kind}.");
}
