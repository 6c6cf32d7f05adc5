using Bosun.Streaming.Spdy;

namespace Bosun.Streaming.Tests.Spdy;

public sealed class SpdyFrameCodecTests
{
    private readonly SpdyFrameCodec _writer = new(new SpdyHeaderCodec());
    private readonly SpdyFrameCodec _reader = new(new SpdyHeaderCodec());

    [Fact]
    public async Task Encode_EveryFrameType_ReadsBackTheSame()
    {
        var frames = new[]
        {
            new SpdyFrame(SpdyFrameType.SynStream, 1, SpdyFrame.FlagFin) { Priority = 3, AssociatedStreamId = 0, Headers = SpdyHeaders.Of(("streamtype", "stdin")) },
            new SpdyFrame(SpdyFrameType.SynReply, 1) { Headers = SpdyHeaders.Of(("a", "b")) },
            new SpdyFrame(SpdyFrameType.Data, 1) { Data = new byte[] { 1, 2, 3 } },
            new SpdyFrame(SpdyFrameType.Data, 3, SpdyFrame.FlagFin),
            new SpdyFrame(SpdyFrameType.RstStream, 5) { Status = SpdyConnection.StatusCancel },
            new SpdyFrame(SpdyFrameType.Settings) { Settings = [(1, 4, 100), (0, 7, 65536)] },
            new SpdyFrame(SpdyFrameType.Ping) { Value = 7 },
            new SpdyFrame(SpdyFrameType.GoAway) { Value = 9, Status = 0 },
            new SpdyFrame(SpdyFrameType.Headers, 3) { Headers = SpdyHeaders.Of(("c", "d")) },
            new SpdyFrame(SpdyFrameType.WindowUpdate, 3) { Value = 1000 },
        };
        using var wire = new MemoryStream();
        foreach (var frame in frames)
        {
            wire.Write(_writer.Encode(frame));
        }

        wire.Position = 0;
        foreach (var expected in frames)
        {
            var actual = await _reader.ReadAsync(wire, CancellationToken.None);
            Assert.NotNull(actual);
            Assert.Equal(expected.Type, actual.Type);
            Assert.Equal(expected.StreamId, actual.StreamId);
            Assert.Equal(expected.Flags, actual.Flags);
            Assert.Equal(expected.Priority, actual.Priority);
            Assert.Equal(expected.Status, actual.Status);
            Assert.Equal(expected.Value, actual.Value);
            Assert.Equal(expected.Settings, actual.Settings);
            Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
            Assert.Equal(expected.Headers.OrderBy(h => h.Key), actual.Headers.OrderBy(h => h.Key));
        }

        Assert.Null(await _reader.ReadAsync(wire, CancellationToken.None));
    }

    [Fact]
    public void Encode_ControlFrame_HasControlBitVersionTypeAndLength()
    {
        var bytes = _writer.Encode(new SpdyFrame(SpdyFrameType.Ping) { Value = 0x01020304 });

        Assert.Equal(new byte[] { 0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4 }, bytes);
    }

    [Fact]
    public void Encode_DataFrame_HasStreamIdFlagsAndLength()
    {
        var bytes = _writer.Encode(new SpdyFrame(SpdyFrameType.Data, 5, SpdyFrame.FlagFin) { Data = new byte[] { 9 } });

        Assert.Equal(new byte[] { 0, 0, 0, 5, 1, 0, 0, 1, 9 }, bytes);
    }

    [Fact]
    public async Task Read_OtherVersion_IsAProtocolError()
    {
        using var wire = new MemoryStream([0x80, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4]);

        await Assert.ThrowsAsync<SpdyProtocolException>(() => _reader.ReadAsync(wire, CancellationToken.None));
    }

    [Fact]
    public async Task Read_EndInsideAFrame_Throws()
    {
        using var wire = new MemoryStream([0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 1]);

        await Assert.ThrowsAnyAsync<Exception>(() => _reader.ReadAsync(wire, CancellationToken.None));
    }
}
