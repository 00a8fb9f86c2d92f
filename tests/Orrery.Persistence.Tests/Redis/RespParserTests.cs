using System.Buffers;
using System.Text;
using Orrery.Persistence.Redis;

namespace Orrery.Persistence.Tests.Redis;

public sealed class RespParserTests
{
    [Theory]
    [InlineData("+OK\r\n", RedisReplyKind.SimpleString, "OK")]
    [InlineData("-ERR unknown command 'FOO'\r\n", RedisReplyKind.Error, "ERR unknown command 'FOO'")]
    [InlineData("$5\r\nhello\r\n", RedisReplyKind.BulkString, "hello")]
    [InlineData("$0\r\n\r\n", RedisReplyKind.BulkString, "")]
    [InlineData("$8\r\na\r\nb\0c\r\n\r\n", RedisReplyKind.BulkString, "a\r\nb\0c\r\n")]
    public void TryParse_Scalar_ReadsKindAndText(string wire, RedisReplyKind kind, string text)
    {
        var reply = ParseWhole(wire);

        reply.Kind.ShouldBe(kind);
        (kind == RedisReplyKind.Error ? reply.ErrorMessage : reply.AsText()).ShouldBe(text);
    }

    [Theory]
    [InlineData(":0\r\n", 0L)]
    [InlineData(":-1\r\n", -1L)]
    [InlineData(":9223372036854775807\r\n", long.MaxValue)]
    [InlineData(":-9223372036854775808\r\n", long.MinValue)]
    public void TryParse_Integer_ReadsTheValue(string wire, long value) => ParseWhole(wire).AsInteger().ShouldBe(value);

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    public void TryParse_NullBulkOrArray_IsNull(string wire)
    {
        var reply = ParseWhole(wire);

        reply.IsNull.ShouldBeTrue();
        reply.AsNullableText().ShouldBeNull();
        reply.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public void TryParse_NestedArraysWithNullsAndErrors_KeepsTheShape()
    {
        // An XREAD reply's shape, with an entry whose fields are null (deleted while pending) and an error item.
        const string Wire = "*2\r\n*2\r\n$1\r\ns\r\n*2\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$3\r\n2-0\r\n*-1\r\n*3\r\n:7\r\n$-1\r\n-ERR inner\r\n";

        var reply = ParseWhole(Wire);

        var outer = reply.AsArray();
        outer.Length.ShouldBe(2);
        var stream = outer[0].AsArray();
        stream[0].AsText().ShouldBe("s");
        var entries = stream[1].AsArray();
        entries[0].AsArray()[1].AsArray().Select(r => r.AsText()).ShouldBe(["f", "v"]);
        entries[1].AsArray()[1].IsNull.ShouldBeTrue();
        var mixed = outer[1].AsArray();
        mixed[0].AsInteger().ShouldBe(7);
        mixed[1].IsNull.ShouldBeTrue();
        mixed[2].ErrorMessage.ShouldBe("ERR inner");
    }

    [Fact]
    public void TryParse_EveryPrefixOfAReply_TakesNothingUntilItIsWhole()
    {
        var wire = Encoding.UTF8.GetBytes("*3\r\n$4\r\nxadd\r\n:42\r\n*1\r\n$5\r\nÜnï\r\n");

        for (var length = 0; length < wire.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(wire, 0, length);
            RespParser.TryParse(ref buffer, out _).ShouldBeFalse($"{length} of {wire.Length} bytes");
            buffer.Length.ShouldBe(length, "an incomplete reply consumes nothing");
        }
        ParseWhole(wire).AsArray()[2].AsArray()[0].AsText().ShouldBe("Ünï");
    }

    [Fact]
    public void TryParse_OneByteSegments_ReadsMultiByteCharactersSplitAcrossSegments()
    {
        var wire = Encoding.UTF8.GetBytes("*2\r\n$7\r\n星🚀\r\n:-12\r\n");

        var buffer = ByteSegments.Of(wire, segmentLength: 1);
        RespParser.TryParse(ref buffer, out var reply).ShouldBeTrue();

        buffer.Length.ShouldBe(0);
        reply.AsArray()[0].AsText().ShouldBe("星🚀");
        reply.AsArray()[1].AsInteger().ShouldBe(-12);
    }

    [Fact]
    public void TryParse_SeveralRepliesInOneBuffer_TakesThemOneByOneAndLeavesTheFragment()
    {
        var buffer = ByteSegments.Of(Encoding.UTF8.GetBytes("+OK\r\n:1\r\n$3\r\nabc\r\n$10\r\npart"), segmentLength: 3);

        var replies = new List<RedisReply>();
        while (RespParser.TryParse(ref buffer, out var reply))
        {
            replies.Add(reply);
        }

        replies.Select(r => r.ToString()).ShouldBe(["(SimpleString) OK", "(integer) 1", "(BulkString) abc"]);
        Encoding.UTF8.GetString(buffer.ToArray()).ShouldBe("$10\r\npart");
    }

    [Fact]
    public void TryParse_BigBulkStringInSmallSegments_ReadsItWhole()
    {
        var value = string.Concat(Enumerable.Range(0, 200_000).Select(i => (char)('a' + i % 26)));
        var wire = Encoding.UTF8.GetBytes($"${value.Length}\r\n{value}\r\n");

        ParseWhole(ByteSegments.Of(wire, segmentLength: 4096)).AsText().ShouldBe(value);
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData(":\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("*-5\r\n")]
    [InlineData(":123456789012345678901234\r\n")]
    public void TryParse_NotResp_ThrowsProtocolException(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));

        Should.Throw<RedisProtocolException>(() => RespParser.TryParse(ref buffer, out _));
    }

    [Fact]
    public void TryParse_ArraysNestedTooDeep_ThrowsProtocolException()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*1\r\n", 65)) + ":1\r\n"));

        Should.Throw<RedisProtocolException>(() => RespParser.TryParse(ref buffer, out _)).Message.ShouldContain("nested");
    }

    [Fact]
    public void TryParse_HugeArrayLengthWithFewBytes_WaitsInsteadOfAllocating()
    {
        var buffer = new ReadOnlySequence<byte>("*2000000000\r\n:1\r\n"u8.ToArray());

        RespParser.TryParse(ref buffer, out _).ShouldBeFalse();
    }

    [Fact]
    public void Write_Command_IsAnArrayOfBulkStringsInUtf8()
    {
        var output = new ArrayBufferWriter<byte>();

        RespWriter.Write(output, new RedisCommand("XADD", "s", "*", "név", ""));

        Encoding.UTF8.GetString(output.WrittenSpan).ShouldBe("*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$4\r\nnév\r\n$0\r\n\r\n");
    }

    private static RedisReply ParseWhole(string wire) => ParseWhole(Encoding.UTF8.GetBytes(wire));

    private static RedisReply ParseWhole(byte[] wire) => ParseWhole(new ReadOnlySequence<byte>(wire));

    private static RedisReply ParseWhole(ReadOnlySequence<byte> buffer)
    {
        RespParser.TryParse(ref buffer, out var reply).ShouldBeTrue();
        buffer.Length.ShouldBe(0, "the whole reply is consumed");
        return reply;
    }
}
