using System.Buffers.Binary;

namespace Bosun.Streaming.Spdy;

/// <summary>
/// Reads and writes SPDY/3.1 frames on a byte stream. Control frames start with the control bit, version 3 and
/// the type; data frames with a 31-bit stream id; both then carry 8 bits of flags and a 24-bit length.
/// </summary>
internal sealed class SpdyFrameCodec(SpdyHeaderCodec headers)
{
    /// <summary>The largest payload a frame's 24-bit length can describe.</summary>
    public const int MaxPayload = (1 << 24) - 1;

    private const ushort Version = 3;

    /// <summary>The next frame, or null at a clean end of the stream (between frames).</summary>
    public async Task<SpdyFrame?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[8];
        var first = await stream.ReadAtLeastAsync(head, 8, throwOnEndOfStream: false, cancellationToken);
        if (first == 0)
        {
            return null;
        }

        if (first < 8)
        {
            throw new SpdyProtocolException("the SPDY connection ended inside a frame header");
        }

        var flags = head[4];
        var length = (head[5] << 16) | (head[6] << 8) | head[7];
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        var word = BinaryPrimitives.ReadUInt32BigEndian(head);
        if ((word & 0x8000_0000) == 0)
        {
            return new SpdyFrame(SpdyFrameType.Data, word & 0x7FFF_FFFF, flags) { Data = payload };
        }

        var version = (ushort)((word >> 16) & 0x7FFF);
        if (version != Version)
        {
            throw new SpdyProtocolException($"unsupported SPDY version {version}");
        }

        return ParseControl((SpdyFrameType)(word & 0xFFFF), flags, payload);
    }

    /// <summary>The wire bytes of <paramref name="frame"/> (header blocks are compressed, so order matters).</summary>
    public byte[] Encode(SpdyFrame frame)
    {
        if (frame.Type == SpdyFrameType.Data)
        {
            var data = new byte[8 + frame.Data.Length];
            BinaryPrimitives.WriteUInt32BigEndian(data, frame.StreamId & 0x7FFF_FFFF);
            WriteFlagsAndLength(data, frame.Flags, frame.Data.Length);
            frame.Data.Span.CopyTo(data.AsSpan(8));
            return data;
        }

        var payload = ControlPayload(frame);
        var bytes = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x8000_0000u | ((uint)Version << 16) | (uint)frame.Type);
        WriteFlagsAndLength(bytes, frame.Flags, payload.Length);
        payload.CopyTo(bytes, 8);
        return bytes;
    }

    private byte[] ControlPayload(SpdyFrame frame)
    {
        switch (frame.Type)
        {
            case SpdyFrameType.SynStream:
            {
                var block = headers.Compress(frame.Headers);
                var payload = new byte[10 + block.Length];
                BinaryPrimitives.WriteUInt32BigEndian(payload, frame.StreamId & 0x7FFF_FFFF);
                BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), frame.AssociatedStreamId & 0x7FFF_FFFF);
                payload[8] = (byte)((frame.Priority & 0x7) << 5);
                block.CopyTo(payload, 10);
                return payload;
            }

            case SpdyFrameType.SynReply or SpdyFrameType.Headers:
            {
                var block = headers.Compress(frame.Headers);
                var payload = new byte[4 + block.Length];
                BinaryPrimitives.WriteUInt32BigEndian(payload, frame.StreamId & 0x7FFF_FFFF);
                block.CopyTo(payload, 4);
                return payload;
            }

            case SpdyFrameType.RstStream or SpdyFrameType.GoAway or SpdyFrameType.WindowUpdate:
            {
                var payload = new byte[8];
                var first = frame.Type == SpdyFrameType.GoAway ? frame.Value : frame.StreamId;
                var second = frame.Type == SpdyFrameType.WindowUpdate ? frame.Value : frame.Status;
                BinaryPrimitives.WriteUInt32BigEndian(payload, first & 0x7FFF_FFFF);
                BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), second);
                return payload;
            }

            case SpdyFrameType.Ping:
            {
                var payload = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(payload, frame.Value);
                return payload;
            }

            case SpdyFrameType.Settings:
            {
                var payload = new byte[4 + (8 * frame.Settings.Count)];
                BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)frame.Settings.Count);
                for (var i = 0; i < frame.Settings.Count; i++)
                {
                    var (flags, id, value) = frame.Settings[i];
                    BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4 + (8 * i)), ((uint)flags << 24) | (id & 0xFF_FFFF));
                    BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8 + (8 * i)), value);
                }

                return payload;
            }

            default:
                throw new ArgumentException($"cannot encode a {frame.Type} frame", nameof(frame));
        }
    }

    private SpdyFrame ParseControl(SpdyFrameType type, byte flags, byte[] payload)
    {
        var span = payload.AsSpan();
        switch (type)
        {
            case SpdyFrameType.SynStream:
                Require(span, 10, type);
                return new SpdyFrame(type, StreamIdAt(span, 0), flags)
                {
                    AssociatedStreamId = StreamIdAt(span, 4),
                    Priority = (byte)(span[8] >> 5),
                    Headers = headers.Decompress(span[10..]),
                };
            case SpdyFrameType.SynReply or SpdyFrameType.Headers:
                Require(span, 4, type);
                return new SpdyFrame(type, StreamIdAt(span, 0), flags) { Headers = headers.Decompress(span[4..]) };
            case SpdyFrameType.RstStream:
                Require(span, 8, type);
                return new SpdyFrame(type, StreamIdAt(span, 0), flags) { Status = BinaryPrimitives.ReadUInt32BigEndian(span[4..]) };
            case SpdyFrameType.GoAway:
                Require(span, 8, type);
                return new SpdyFrame(type, 0, flags) { Value = StreamIdAt(span, 0), Status = BinaryPrimitives.ReadUInt32BigEndian(span[4..]) };
            case SpdyFrameType.WindowUpdate:
                Require(span, 8, type);
                return new SpdyFrame(type, StreamIdAt(span, 0), flags) { Value = BinaryPrimitives.ReadUInt32BigEndian(span[4..]) & 0x7FFF_FFFF };
            case SpdyFrameType.Ping:
                Require(span, 4, type);
                return new SpdyFrame(type, 0, flags) { Value = BinaryPrimitives.ReadUInt32BigEndian(span) };
            case SpdyFrameType.Settings:
            {
                Require(span, 4, type);
                var count = BinaryPrimitives.ReadUInt32BigEndian(span);
                if (count > (uint)(span.Length - 4) / 8)
                {
                    throw new SpdyProtocolException("a SPDY SETTINGS frame is truncated");
                }

                var settings = new List<(byte, uint, uint)>();
                for (var i = 0; i < count; i++)
                {
                    var word = BinaryPrimitives.ReadUInt32BigEndian(span[(4 + (8 * i))..]);
                    settings.Add(((byte)(word >> 24), word & 0xFF_FFFF, BinaryPrimitives.ReadUInt32BigEndian(span[(8 + (8 * i))..])));
                }

                return new SpdyFrame(type, 0, flags) { Settings = settings };
            }

            default:
                // SPDY/3 asks receivers to ignore control frames of unknown types (CREDENTIAL among them).
                return new SpdyFrame((SpdyFrameType)ushort.MaxValue, 0, flags);
        }
    }

    private static uint StreamIdAt(ReadOnlySpan<byte> span, int offset) =>
        BinaryPrimitives.ReadUInt32BigEndian(span[offset..]) & 0x7FFF_FFFF;

    private static void Require(ReadOnlySpan<byte> span, int length, SpdyFrameType type)
    {
        if (span.Length < length)
        {
            throw new SpdyProtocolException($"a SPDY {type} frame is too short");
        }
    }

    private static void WriteFlagsAndLength(Span<byte> bytes, byte flags, int length)
    {
        if (length > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "a SPDY frame payload is at most 16 MiB - 1");
        }

        bytes[4] = flags;
        bytes[5] = (byte)(length >> 16);
        bytes[6] = (byte)(length >> 8);
        bytes[7] = (byte)length;
    }
}
