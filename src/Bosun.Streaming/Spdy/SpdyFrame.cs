namespace Bosun.Streaming.Spdy;

/// <summary>
/// One SPDY/3.1 frame in memory. A single shape for every type keeps the codec small: each type uses the fields
/// its wire layout has (see <see cref="SpdyFrameType"/>); the others stay at their defaults.
/// </summary>
internal sealed record SpdyFrame(SpdyFrameType Type, uint StreamId = 0, byte Flags = 0)
{
    /// <summary>FIN on SYN_STREAM, SYN_REPLY, HEADERS and DATA: the sender will send nothing more on the stream.</summary>
    public const byte FlagFin = 0x01;

    /// <summary>UNIDIRECTIONAL on SYN_STREAM: the receiver may not send on the stream.</summary>
    public const byte FlagUnidirectional = 0x02;

    /// <summary>SYN_STREAM's associated-to stream id.</summary>
    public uint AssociatedStreamId { get; init; }

    /// <summary>SYN_STREAM's 3-bit priority (0 is highest).</summary>
    public byte Priority { get; init; }

    /// <summary>SYN_STREAM, SYN_REPLY and HEADERS: the header block (lower-case names; several values joined by NUL).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = SpdyHeaders.Empty;

    /// <summary>RST_STREAM and GOAWAY status code.</summary>
    public uint Status { get; init; }

    /// <summary>PING id, GOAWAY last-good stream id, WINDOW_UPDATE delta.</summary>
    public uint Value { get; init; }

    /// <summary>SETTINGS entries (flags, id, value).</summary>
    public IReadOnlyList<(byte Flags, uint Id, uint Value)> Settings { get; init; } = [];

    /// <summary>DATA payload.</summary>
    public ReadOnlyMemory<byte> Data { get; init; }

    public bool IsFin => (Flags & FlagFin) != 0;
}
