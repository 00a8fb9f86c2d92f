using System.Buffers;
using System.Text;
using CsCheck;
using Orrery.Persistence.Redis;

namespace Orrery.Persistence.Tests.Redis;

/// <summary>
/// <see cref="RespParser"/> on generated replies, written to the wire by an encoder of this test's own that follows
/// the RESP2 description (redis.io "RESP protocol spec"): nested arrays, null bulk strings and null arrays, integers
/// at both ends of 64 bits, bulk strings holding CR, LF, NUL and characters of 1 to 4 UTF-8 bytes.
/// </summary>
public sealed class RespParserPropertyTests
{
    private static readonly Gen<string> Line = Gen.OneOf("OK", "ERR no", " ", "é", "星", "🚀", "a:b", "$1", "*2", "-").Array[0, 4]
        .Select(string.Concat);

    private static readonly Gen<string> Bulk = Gen.OneOf("x", "\r\n", "\r", "\n", "\0", "$-1", "*3", "é", "星🚀", "+OK").Array[0, 8]
        .Select(string.Concat);

    private static readonly Gen<long> Integer = Gen.Frequency(
        (3, Gen.Long[-1000, 1000]), (1, Gen.Long), (1, Gen.OneOf(long.MinValue, long.MaxValue, 0L, -1L)));

    private static readonly Gen<(RedisReply Reply, string Wire)> Scalar = Gen.OneOf(
        Line.Select(text => (RedisReply.SimpleString(text), $"+{text}\r\n")),
        Line.Select(text => (RedisReply.Error(text), $"-{text}\r\n")),
        Integer.Select(value => (RedisReply.Integer(value), $":{value}\r\n")),
        Bulk.Select(text => (RedisReply.BulkString(text), $"${Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n")),
        Gen.OneOf("$-1\r\n", "*-1\r\n").Select(wire => (RedisReply.Null, wire)));

    private static readonly Gen<(RedisReply Reply, string Wire)> Reply = Nested(depth: 3);

    [Fact]
    public void Round_trip_of_generated_replies_in_any_segmentation()
    {
        (from reply in Reply from segmentLength in Gen.Int[1, 64] select (reply, segmentLength)).Sample((generated, segmentLength) =>
        {
            var wire = Encoding.UTF8.GetBytes(generated.Wire);
            var buffer = ByteSegments.Of(wire, segmentLength);

            RespParser.TryParse(ref buffer, out var parsed).ShouldBeTrue(generated.Wire);

            buffer.Length.ShouldBe(0, generated.Wire);
            Describe(parsed).ShouldBe(Describe(generated.Reply), generated.Wire);
        }, iter: 5_000);
    }

    [Fact]
    public void Every_cut_point_of_generated_replies_needs_more_and_takes_nothing()
    {
        (from first in Reply from second in Reply from segmentLength in Gen.Int[1, 16] select (first, second, segmentLength))
            .Sample((first, second, segmentLength) =>
            {
                var wire = Encoding.UTF8.GetBytes(first.Wire + second.Wire);
                var firstLength = Encoding.UTF8.GetByteCount(first.Wire);
                for (var cut = 0; cut < wire.Length; cut++)
                {
                    var buffer = ByteSegments.Of(wire[..cut], segmentLength);
                    if (cut < firstLength)
                    {
                        // Never a wrong value, never an exception: "need more", with the bytes left as they were.
                        RespParser.TryParse(ref buffer, out _).ShouldBeFalse($"{cut} of {first.Wire}");
                        buffer.Length.ShouldBe(cut);
                        continue;
                    }
                    // The first reply is whole: it is taken, and the second one's fragment is left for later.
                    RespParser.TryParse(ref buffer, out var parsed).ShouldBeTrue();
                    Describe(parsed).ShouldBe(Describe(first.Reply));
                    buffer.Length.ShouldBe(cut - firstLength);
                    RespParser.TryParse(ref buffer, out _).ShouldBeFalse($"{cut - firstLength} of {second.Wire}");
                }
            }, iter: 1_000);
    }

    private static Gen<(RedisReply Reply, string Wire)> Nested(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (3, Scalar),
            (1, Nested(depth - 1).Array[0, 4].Select(items =>
                (RedisReply.Array([.. items.Select(item => item.Reply)]), $"*{items.Length}\r\n" + string.Concat(items.Select(item => item.Wire))))));

    /// <summary>The reply as text that two replies share exactly when they are the same (RedisReply has no equality).</summary>
    private static string Describe(RedisReply reply) => reply.Kind switch
    {
        RedisReplyKind.Array => $"[{string.Join(", ", reply.AsArray().Select(Describe))}]",
        RedisReplyKind.Error => $"error({reply.ErrorMessage})",
        RedisReplyKind.Integer => $"int({reply.AsInteger()})",
        RedisReplyKind.Null => "null",
        _ => $"{reply.Kind}({reply.AsText().Replace("\r", "\\r").Replace("\n", "\\n")})",
    };
}
