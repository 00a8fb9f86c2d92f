using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Orrery.Persistence.Redis;

/// <summary>
/// Parses RESP2 replies from a buffer that may hold a fragment of one, several whole ones, or both: a reply is
/// taken only once all its bytes are there, so the reader of a socket can parse whatever arrived and wait for
/// more without keeping state between calls.
/// </summary>
/// <remarks>
/// The parser works on contiguous bytes, where finding a line's end is one vectorized search. A reply that
/// straddles the pipe's buffer segments (rare with 64 KiB segments) is copied into one pooled array first.
/// </remarks>
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
        int consumed;
        if (buffer.IsSingleSegment)
        {
            consumed = TryRead(buffer.FirstSpan, 0, out reply, depth: 0);
        }
        else
        {
            var length = (int)Math.Min(buffer.Length, MaxBulkLength + 64);
            var copy = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                buffer.Slice(0, length).CopyTo(copy);
                consumed = TryRead(copy.AsSpan(0, length), 0, out reply, depth: 0);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        if (consumed < 0)
        {
            return false;
        }
        buffer = buffer.Slice(consumed);
        return true;
    }

    /// <returns>Where the reply read at <paramref name="start"/> ends, or -1 when it is not all there yet.</returns>
    private static int TryRead(ReadOnlySpan<byte> bytes, int start, out RedisReply reply, int depth)
    {
        reply = RedisReply.Null;
        if (start >= bytes.Length)
        {
            return -1;
        }
        var lineLength = bytes[(start + 1)..].IndexOf("\r\n"u8);
        if (lineLength < 0)
        {
            return -1;
        }
        var line = bytes.Slice(start + 1, lineLength);
        var next = start + 1 + lineLength + 2;
        switch (bytes[start])
        {
            case (byte)'+':
                reply = RedisReply.SimpleString(Encoding.UTF8.GetString(line));
                return next;
            case (byte)'-':
                reply = RedisReply.Error(Encoding.UTF8.GetString(line));
                return next;
            case (byte)':':
                reply = RedisReply.Integer(ParseInteger(line));
                return next;
            case (byte)'$':
                return TryReadBulk(bytes, next, ParseInteger(line), out reply);
            case (byte)'*':
                return TryReadArray(bytes, next, ParseInteger(line), out reply, depth);
            default:
                throw new RedisProtocolException($"Unknown RESP2 type byte 0x{bytes[start]:x2}.");
        }
    }

    private static int TryReadBulk(ReadOnlySpan<byte> bytes, int start, long length, out RedisReply reply)
    {
        reply = RedisReply.Null;
        if (length == -1)
        {
            return start;
        }
        if (length is < 0 or > MaxBulkLength)
        {
            throw new RedisProtocolException($"Bulk string length {length} is out of range.");
        }
        if (bytes.Length - start < length + 2)
        {
            return -1;
        }
        var end = start + (int)length;
        if (bytes[end] != '\r' || bytes[end + 1] != '\n')
        {
            throw new RedisProtocolException("A bulk string does not end with CRLF.");
        }
        reply = RedisReply.BulkString(Encoding.UTF8.GetString(bytes[start..end]));
        return end + 2;
    }

    private static int TryReadArray(ReadOnlySpan<byte> bytes, int start, long count, out RedisReply reply, int depth)
    {
        reply = RedisReply.Null;
        if (count == -1)
        {
            return start;
        }
        if (count < 0 || depth >= MaxDepth)
        {
            throw new RedisProtocolException(count < 0 ? $"Array length {count} is out of range." : $"Arrays nested deeper than {MaxDepth}.");
        }
        // Every item takes 3 bytes at least: allocate only for items that can be in the buffer already, so a
        // corrupt length cannot make us allocate gigabytes.
        if (count > (bytes.Length - start) / 3)
        {
            return -1;
        }
        var items = new RedisReply[count];
        var next = start;
        for (var i = 0; i < items.Length; i++)
        {
            next = TryRead(bytes, next, out items[i], depth + 1);
            if (next < 0)
            {
                return -1;
            }
        }
        reply = RedisReply.Array(items);
        return next;
    }

    private static long ParseInteger(ReadOnlySpan<byte> line) =>
        Utf8Parser.TryParse(line, out long value, out var consumed) && consumed == line.Length && line.Length > 0
            ? value
            : throw new RedisProtocolException($"'{Encoding.ASCII.GetString(line[..Math.Min(line.Length, 32)])}' is not a RESP2 integer.");
}
