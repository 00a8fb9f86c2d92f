using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Orrery.Persistence.Redis;

/// <summary>Writes commands in RESP2: <c>*&lt;n&gt;\r\n</c>, then <c>$&lt;len&gt;\r\n&lt;bytes&gt;\r\n</c> per part.</summary>
public static class RespWriter
{
    public static void Write(IBufferWriter<byte> output, RedisCommand command)
    {
        WriteHeader(output, (byte)'*', command.Parts.Length);
        foreach (var part in command.Parts)
        {
            var length = Encoding.UTF8.GetByteCount(part);
            WriteHeader(output, (byte)'$', length);
            var span = output.GetSpan(length + 2);
            Encoding.UTF8.GetBytes(part, span);
            span[length] = (byte)'\r';
            span[length + 1] = (byte)'\n';
            output.Advance(length + 2);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> output, byte type, int value)
    {
        var span = output.GetSpan(14); // type, 11 digits of an int with its sign, CRLF
        span[0] = type;
        Utf8Formatter.TryFormat(value, span[1..], out var digits);
        span[1 + digits] = (byte)'\r';
        span[2 + digits] = (byte)'\n';
        output.Advance(3 + digits);
    }
}
