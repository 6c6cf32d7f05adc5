using System.Text;
using Bosun.Streaming.Spdy;

namespace Bosun.Streaming.Tests.Spdy;

public sealed class SpdyHeaderCodecTests
{
    [Fact]
    public void Dictionary_IsTheSpecsBytes()
    {
        var bytes = SpdyHeaderDictionary.Bytes;

        Assert.Equal(1423, bytes.Length);
        Assert.Equal("\0\0\0\u0007options\0\0\0\u0004head"u8.ToArray(), bytes[..19]);
        Assert.EndsWith("charset=iso-8859-1,utf-,*,enq=0.", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\0\0\0\u0006200 OK", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Compress_SeveralBlocksOnOneStream_EachDecodesOnItsOwnInOrder()
    {
        var sender = new SpdyHeaderCodec();
        var receiver = new SpdyHeaderCodec();
        var blocks = new[]
        {
            SpdyHeaders.Of(("streamtype", "error")),
            SpdyHeaders.Of(("streamType", "stdout"), ("x", "a"), ("x", "b")),
            SpdyHeaders.Of(("streamtype", "error"), ("port", "8080"), ("requestid", "0")),
            SpdyHeaders.Empty,
        };

        foreach (var block in blocks)
        {
            var decoded = receiver.Decompress(sender.Compress(block));
            Assert.Equal(block.OrderBy(h => h.Key), decoded.OrderBy(h => h.Key));
        }
    }

    [Fact]
    public void Compress_RepeatedBlock_UsesEarlierBlocksAsHistory()
    {
        var codec = new SpdyHeaderCodec();
        var headers = SpdyHeaders.Of(("streamtype", "stdout"), ("requestid", "12345678"));

        var first = codec.Compress(headers);
        var second = codec.Compress(headers);

        // The second copy refers back to the first, which only a shared zlib stream allows.
        Assert.True(second.Length < first.Length, $"{second.Length} >= {first.Length}");
    }

    [Fact]
    public void Compress_StartsWithAZlibHeaderNamingTheDictionary()
    {
        var compressed = new SpdyHeaderCodec().Compress(SpdyHeaders.Of(("a", "b")));

        Assert.Equal(0x78, compressed[0]);
        Assert.NotEqual(0, compressed[1] & 0x20);
        Assert.Equal(0, ((compressed[0] << 8) | compressed[1]) % 31);
    }

    [Fact]
    public void Decode_UpperCaseName_IsAProtocolError()
    {
        var block = SpdyHeaderCodec.Encode(new Dictionary<string, string> { ["StreamType"] = "error" });

        Assert.Throws<SpdyProtocolException>(() => SpdyHeaderCodec.Decode(block));
    }

    [Fact]
    public void Decode_TruncatedBlock_IsAProtocolError()
    {
        var block = SpdyHeaderCodec.Encode(SpdyHeaders.Of(("streamtype", "error")));

        Assert.Throws<SpdyProtocolException>(() => SpdyHeaderCodec.Decode(block.AsSpan(0, block.Length - 2)));
    }

    [Fact]
    public void Of_SameNameTwice_JoinsValuesWithNul()
    {
        var headers = SpdyHeaders.Of(("X-Stream-Protocol-Version", "v4.channel.k8s.io"), ("x-stream-protocol-version", "v3.channel.k8s.io"));

        Assert.Equal("v4.channel.k8s.io\0v3.channel.k8s.io", headers["x-stream-protocol-version"]);
        Assert.Equal("v4.channel.k8s.io", headers.Get("X-Stream-Protocol-Version"));
    }
}
