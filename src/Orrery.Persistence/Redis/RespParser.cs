using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Orrery.Persistence.Redis;

/// <summary>
/// Parses RESP2 replies from a buffer that may hold a fragment of one, several whole ones, or both: a reply is
/// taken only once all its bytes are there, so the reader of a socket can parse whatever arrived and wait for
/// more without keeping state between calls.
/// </summary>
public static class RespParser
{
    /// <summary>Largest bulk string accepted: Redis's own proto-max-bulk-len default.</summary>
    public const long MaxBulkLength = 512L * 1024 * 1024;

    private const int MaxDepth = 64;

    /// <summary>
    /// Takes one whole reply from the start of <paramref name="buffer"/> and slices it off; leaves the buffer as
    /// it was and returns false when the reply is not complete yet.
    /// </summary>
    /// <exception cref="RedisProtocolException">The bytes are not RESP2; the connection cannot be trusted after that.</exception>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out RedisReply reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryRead(ref reader, out reply, depth: 0))
        {
            return false;
        }
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryRead(ref SequenceReader<byte> reader, out RedisReply reply, int depth)
    {
        reply = default;
        if (!reader.TryRead(out var type) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }
        switch (type)
        {
            case (byte)'+':
                reply = RedisReply.SimpleString(Encoding.UTF8.GetString(line));
                return true;
            case (byte)'-':
                reply = RedisReply.Error(Encoding.UTF8.GetString(line));
                return true;
            case (byte)':':
                reply = RedisReply.Integer(ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out reply);
            case (byte)'*':
                return TryReadArray(ref reader, ParseInteger(line), out reply, depth);
            default:
                throw new RedisProtocolException($"Unknown RESP2 type byte 0x{type:x2}.");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RedisReply reply)
    {
        reply = RedisReply.Null;
        if (length == -1)
        {
            return true;
        }
        if (length is < 0 or > MaxBulkLength)
        {
            throw new RedisProtocolException($"Bulk string length {length} is out of range.");
        }
        if (reader.Remaining < length + 2)
        {
            return false;
        }
        var payload = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RedisProtocolException("A bulk string does not end with CRLF.");
        }
        reply = RedisReply.BulkString(Encoding.UTF8.GetString(payload));
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, out RedisReply reply, int depth)
    {
        reply = RedisReply.Null;
        if (count == -1)
        {
            return true;
        }
        if (count < 0 || depth >= MaxDepth)
        {
            throw new RedisProtocolException(count < 0 ? $"Array length {count} is out of range." : $"Arrays nested deeper than {MaxDepth}.");
        }
        // Every item takes 3 bytes at least: allocate only for items that can be in the buffer already, so a
        // corrupt length cannot make us allocate gigabytes.
        if (count > reader.Remaining / 3)
        {
            return false;
        }
        var items = new RedisReply[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryRead(ref reader, out items[i], depth + 1))
            {
                return false;
            }
        }
        reply = RedisReply.Array(items);
        return true;
    }

    /// <summary>The bytes up to the next CRLF, which is consumed.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line) =>
        reader.TryReadTo(out line, "\r\n"u8, advancePastDelimiter: true);

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        Span<byte> copy = stackalloc byte[21]; // "-9223372036854775808" is 20
        if (line.Length > copy.Length)
        {
            throw new RedisProtocolException("An integer line is too long.");
        }
        line.CopyTo(copy);
        var text = copy[..(int)line.Length];
        return Utf8Parser.TryParse(text, out long value, out var consumed) && consumed == text.Length
            ? value
            : throw new RedisProtocolException($"'{Encoding.ASCII.GetString(text)}' is not a RESP2 integer.");
    }
}
